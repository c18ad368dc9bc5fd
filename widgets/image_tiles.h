#pragma once
/// @file image_tiles.h
/// A row (wrapping into a grid) of small images with captions: an input and its STRIP
/// superimpositions, or an inspected image. Images are scaled with nearest-neighbour sampling
/// (pixels stay visible) to the tile size; a click selects a tile.
///
/// Thread: GUI thread only. Errors: none thrown; null images draw as an empty framed tile.

#include <QtCore/QString>
#include <QtCore/QVector>
#include <QtGui/QImage>
#include <QtWidgets/QWidget>

namespace bdl::widgets {

struct ImageTile {
    QImage image;
    QString caption; ///< one or two short lines under the image
    QString toolTip;
};

class ImageTiles : public QWidget {
    Q_OBJECT

public:
    explicit ImageTiles(QWidget* parent = nullptr);
    ~ImageTiles() override;

    void setTiles(const QVector<ImageTile>& tiles);
    void clear();
    const QVector<ImageTile>& tiles() const { return m_tiles; }
    int count() const { return static_cast<int>(m_tiles.size()); }
    /// Edge of the square image area of a tile, pixels (default 96; at least 8). Images keep
    /// their aspect ratio inside the square.
    void setTileSize(int pixels);
    int tileSize() const { return m_tileSize; }
    /// Index of the tile under `pos` (widget coordinates), -1 when none.
    int tileAt(const QPoint& pos) const;
    int selected() const { return m_selected; }
    /// Frames tile `index`; out of range clears the selection. Does not emit tileClicked().
    void setSelected(int index);
    /// The tile's frame (image area + caption) in widget coordinates at the current width.
    QRect tileRect(int index) const;
    /// The rectangle the image of tile `index` is drawn into (aspect kept, centred).
    QRect imageRect(int index) const;
    /// Tiles per row at a given widget width (at least 1).
    int columnsForWidth(int width) const;

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    /// A left click on tile `index`; it is now the selected tile.
    void tileClicked(int index);

protected:
    bool event(QEvent* event) override; // tooltips
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int captionHeight() const;
    int cellHeight() const;
    QRect tileRectAt(int index, int width) const;

    QVector<ImageTile> m_tiles;
    int m_tileSize = 96;
    int m_selected = -1;
};

} // namespace bdl::widgets
