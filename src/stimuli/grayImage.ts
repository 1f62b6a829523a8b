/** A grayscale image: luminance in [0, 1], row-major (`data[y·width + x]`). */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float64Array;
}
