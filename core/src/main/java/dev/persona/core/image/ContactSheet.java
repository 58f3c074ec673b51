package dev.persona.core.image;

import java.util.Arrays;
import java.util.List;

/**
 * A grid of images in one RGB image, for a person to look over many frames at once (training views,
 * renders, masks). Each image is scaled to fit its cell (aspect ratio kept, centred) with a
 * one-pixel gutter, grey masks shown as grey, alpha composited over the background.
 */
public final class ContactSheet {
  /** Linear background: 18 % grey, photographic mid-grey, on which both masks and photos read. */
  public static final float BACKGROUND = 0.18f;

  private ContactSheet() {}

  /**
   * Lays {@code images} out row by row, {@code columns} per row, in cells of {@code cellWidth} x
   * {@code cellHeight} pixels; the sheet is {@code columns * cellWidth} wide and as many cells high
   * as the images need. Images may have 1, 3 or 4 channels.
   */
  public static Image of(List<Image> images, int columns, int cellWidth, int cellHeight) {
    if (images.isEmpty() || columns <= 0 || cellWidth < 3 || cellHeight < 3) {
      throw new IllegalArgumentException(
          "a contact sheet needs images, columns > 0 and cells of at least 3x3 pixels");
    }
    int rows = (images.size() + columns - 1) / columns;
    Image sheet = new Image(columns * cellWidth, rows * cellHeight, 3);
    Arrays.fill(sheet.data(), BACKGROUND);
    int innerW = cellWidth - 2;
    int innerH = cellHeight - 2;
    for (int i = 0; i < images.size(); i++) {
      Image image = images.get(i);
      double fit = Math.min((double) innerW / image.width(), (double) innerH / image.height());
      int w = Math.max(1, Math.min(innerW, (int) Math.round(image.width() * fit)));
      int h = Math.max(1, Math.min(innerH, (int) Math.round(image.height() * fit)));
      Image cell =
          ImageOps.flattenOver(ImageResize.resize(image, w, h), BACKGROUND, BACKGROUND, BACKGROUND);
      int x = (i % columns) * cellWidth + 1 + (innerW - w) / 2;
      int y = (i / columns) * cellHeight + 1 + (innerH - h) / 2;
      ImageOps.paste(sheet, cell, x, y);
    }
    return sheet;
  }
}
