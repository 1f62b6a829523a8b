import type { GrayImage } from '../src/index.js';

/** Decode an image URL in the browser and turn it into luminance in [0, 1] (Rec. 709 weights). */
export async function imageToGray(url: string): Promise<GrayImage> {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  const gray = new Float64Array(img.width * img.height);
  for (let k = 0; k < gray.length; k++) gray[k] = (0.2126 * data[4 * k]! + 0.7152 * data[4 * k + 1]! + 0.0722 * data[4 * k + 2]!) / 255;
  return { width: img.width, height: img.height, data: gray };
}
