#include "widgets/image_tiles.h"

#include <QtGui/QHelpEvent>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QToolTip>

#include <algorithm>

namespace bdl::widgets {
namespace {

constexpr int kMargin = 4;  // around the whole grid
constexpr int kSpacing = 8; // between tiles
constexpr int kPad = 3;     // inside a tile's frame, around image and caption
constexpr int kCaptionLines = 2;
constexpr int kMinTileSize = 8;
constexpr int kSelectionWidth = 3;

} // namespace

ImageTiles::ImageTiles(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("imageTiles"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

ImageTiles::~ImageTiles() = default;

void ImageTiles::setTiles(const QVector<ImageTile>& tiles) {
    m_tiles = tiles;
    if (m_selected >= count())
        m_selected = -1;
    updateGeometry();
    update();
}

void ImageTiles::clear() { setTiles({}); }

void ImageTiles::setTileSize(int pixels) {
    m_tileSize = std::max(kMinTileSize, pixels);
    updateGeometry();
    update();
}

void ImageTiles::setSelected(int index) {
    m_selected = index >= 0 && index < count() ? index : -1;
    update();
}

int ImageTiles::captionHeight() const { return kCaptionLines * fontMetrics().lineSpacing(); }

int ImageTiles::cellHeight() const { return kPad + m_tileSize + kPad + captionHeight() + kPad; }

int ImageTiles::columnsForWidth(int width) const {
    const int cellWidth = m_tileSize + 2 * kPad;
    return std::max(1, (width - 2 * kMargin + kSpacing) / (cellWidth + kSpacing));
}

QRect ImageTiles::tileRectAt(int index, int width) const {
    if (index < 0 || index >= count())
        return QRect();
    const int columns = columnsForWidth(width);
    const int cellWidth = m_tileSize + 2 * kPad;
    const int x = kMargin + (index % columns) * (cellWidth + kSpacing);
    const int y = kMargin + (index / columns) * (cellHeight() + kSpacing);
    return QRect(x, y, cellWidth, cellHeight());
}

QRect ImageTiles::tileRect(int index) const { return tileRectAt(index, width()); }

QRect ImageTiles::imageRect(int index) const {
    const QRect tile = tileRect(index);
    if (tile.isNull())
        return QRect();
    const QRect square(tile.left() + kPad, tile.top() + kPad, m_tileSize, m_tileSize);
    const QImage& image = m_tiles[index].image;
    if (image.isNull())
        return square;
    const QSize size = image.size().scaled(square.size(), Qt::KeepAspectRatio);
    return QRect(square.left() + (square.width() - size.width()) / 2,
                 square.top() + (square.height() - size.height()) / 2, size.width(), size.height());
}

int ImageTiles::tileAt(const QPoint& pos) const {
    const int columns = columnsForWidth(width());
    const int cellWidth = m_tileSize + 2 * kPad;
    if (pos.x() < kMargin || pos.y() < kMargin)
        return -1;
    const int column = (pos.x() - kMargin) / (cellWidth + kSpacing);
    const int row = (pos.y() - kMargin) / (cellHeight() + kSpacing);
    if (column >= columns)
        return -1;
    const int index = row * columns + column;
    return index < count() && tileRect(index).contains(pos) ? index : -1; // not in the spacing
}

int ImageTiles::heightForWidth(int width) const {
    // An empty strip keeps one row's height, so that the layout does not jump when tiles come.
    const int columns = columnsForWidth(width);
    const int rows = std::max(1, (count() + columns - 1) / columns);
    return 2 * kMargin + rows * cellHeight() + (rows - 1) * kSpacing;
}

QSize ImageTiles::sizeHint() const {
    const int n = std::max(1, count());
    const int width = 2 * kMargin + n * (m_tileSize + 2 * kPad) + (n - 1) * kSpacing;
    return QSize(width, heightForWidth(width));
}

bool ImageTiles::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = tileAt(help->pos());
        const QString text = index >= 0 ? m_tiles[index].toolTip : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this, tileRect(index));
        return true;
    }
    return QWidget::event(event);
}

void ImageTiles::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    // Nearest-neighbour: each input pixel stays a crisp block, as the network sees it.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const QPalette& pal = palette();
    const QFontMetrics metrics = fontMetrics();
    for (int i = 0; i < count(); ++i) {
        const ImageTile& tile = m_tiles[i];
        const QRect frame = tileRect(i);
        painter.fillRect(frame, pal.color(QPalette::Base));
        painter.setPen(QPen(pal.color(QPalette::Mid), 1));
        painter.drawRect(frame.adjusted(0, 0, -1, -1));
        const QRect square(frame.left() + kPad, frame.top() + kPad, m_tileSize, m_tileSize);
        if (tile.image.isNull())
            painter.drawRect(square.adjusted(0, 0, -1, -1)); // an empty framed tile
        else
            painter.drawImage(imageRect(i), tile.image);

        painter.setPen(pal.color(QPalette::Text));
        const QStringList lines = tile.caption.split(QLatin1Char('\n'));
        int y = square.bottom() + 1 + kPad;
        for (int line = 0; line < lines.size() && line < kCaptionLines; ++line) {
            const QRect textRect(square.left(), y, m_tileSize, metrics.lineSpacing());
            painter.drawText(textRect, Qt::AlignHCenter | Qt::AlignTop,
                             metrics.elidedText(lines[line], Qt::ElideRight, m_tileSize));
            y += metrics.lineSpacing();
        }
        if (i == m_selected) {
            painter.setPen(QPen(pal.color(QPalette::Highlight), kSelectionWidth));
            painter.setBrush(Qt::NoBrush);
            const int inset = kSelectionWidth / 2;
            painter.drawRect(frame.adjusted(inset, inset, -inset - 1, -inset - 1));
        }
    }
}

void ImageTiles::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const int index = tileAt(event->position().toPoint());
    if (index < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    setSelected(index);
    Q_EMIT tileClicked(index);
    event->accept();
}

} // namespace bdl::widgets
