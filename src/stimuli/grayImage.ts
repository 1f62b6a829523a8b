/** A grayscale image: luminance in [0, 1], row-major (`data[y·width + x]`). */
export interface GrayImage {
  /** Width, in pixels. */
  readonly width: number;
  /** Height, in pixels. */
  readonly height: number;
  /** Luminance per pixel, row-major. */
  readonly data: Float64Array;
}
