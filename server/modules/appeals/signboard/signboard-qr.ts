import QRCode from "qrcode";

/** Light modules around the symbol required by ISO/IEC 18004 for reliable scanning. */
export const QR_QUIET_ZONE = 4;

/** A horizontal run of dark modules in one row. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

export interface QrMatrix {
  /** Modules per side, without the quiet zone */
  size: number;
  runs: QrRun[];
}

/**
 * The QR symbol for `text` as runs of dark modules, for drawing as vector rectangles.
 * Level Q (25 % recovery) because boards hang outdoors and get dirty, scratched and stickered over.
 */
export function qrMatrix(text: string): QrMatrix {
  if (!text) throw new RangeError("QR text must not be empty");
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "Q" });
  const size = modules.size;
  const runs: QrRun[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size, runs };
}
