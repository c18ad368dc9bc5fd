// ImageTiles: geometry (wrapping, heightForWidth, hit testing), clicks, selection and
// nearest-neighbour drawing.
#include "widget_test_util.h"

#include "widgets/image_tiles.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

using namespace bdl::widgets;

namespace {

// 2 x 2 pixels: red, green / blue, white.
QImage checker() {
    QImage image(2, 2, QImage::Format_RGB32);
    image.setPixelColor(0, 0, Qt::red);
    image.setPixelColor(1, 0, Qt::green);
    image.setPixelColor(0, 1, Qt::blue);
    image.setPixelColor(1, 1, Qt::white);
    return image;
}

QVector<ImageTile> tiles(int n) {
    QVector<ImageTile> result;
    for (int i = 0; i < n; ++i)
        result.append({checker(), QStringLiteral("tile %1\nH = 0.%2").arg(i).arg(i),
                       QStringLiteral("tip %1").arg(i)});
    return result;
}

} // namespace

class ImageTilesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wrapsByWidth() {
        ImageTiles strip;
        strip.setTileSize(40);
        strip.setTiles(tiles(7));
        QCOMPARE(strip.count(), 7);
        QVERIFY(strip.hasHeightForWidth());
        const int wide = strip.sizeHint().width(); // every tile in one row
        const int oneRow = strip.heightForWidth(wide);
        QCOMPARE(strip.sizeHint().height(), oneRow);
        QCOMPARE(strip.columnsForWidth(wide), 7);
        QCOMPARE(strip.columnsForWidth(wide - 1), 6);
        const int twoRows = strip.heightForWidth(wide - 1);
        QVERIFY(twoRows > oneRow);
        QCOMPARE(strip.columnsForWidth(1), 1);
        const int sevenRows = strip.heightForWidth(1);
        QVERIFY(sevenRows > 3 * twoRows);
        // Rows are evenly spaced: seven rows minus one row is six row pitches.
        QCOMPARE((sevenRows - oneRow) % 6, 0);
        QCOMPARE(strip.heightForWidth(wide - 1) - oneRow, (sevenRows - oneRow) / 6);
        strip.setTileSize(80);
        QVERIFY(strip.heightForWidth(wide) > oneRow);
    }

    void tileAtAndClick() {
        ImageTiles strip;
        strip.setTileSize(48);
        strip.setTiles(tiles(5));
        strip.resize(strip.sizeHint().width() * 3 / 5, 400); // three per row
        strip.show();
        QVERIFY(QTest::qWaitForWindowExposed(&strip));
        QCOMPARE(strip.columnsForWidth(strip.width()), 3);
        for (int i = 0; i < 5; ++i) {
            const QRect rect = strip.tileRect(i);
            QCOMPARE(strip.tileAt(rect.center()), i);
            QCOMPARE(strip.tileAt(rect.topLeft()), i);
            QCOMPARE(strip.tileAt(rect.bottomRight()), i);
            QCOMPARE(rect.top() > strip.tileRect(0).top(), i >= 3); // wrapped into row two
        }
        QCOMPARE(strip.tileAt(strip.tileRect(0).topRight() + QPoint(2, 0)), -1); // the spacing
        QCOMPARE(strip.tileAt(QPoint(1, 1)), -1);                                // the margin
        QCOMPARE(
            strip.tileAt(strip.tileRect(2).center() + QPoint(0, strip.tileRect(2).height() * 2)),
            -1);

        QSignalSpy clicked(&strip, &ImageTiles::tileClicked);
        QTest::mouseClick(&strip, Qt::LeftButton, Qt::NoModifier, strip.tileRect(4).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 4);
        QCOMPARE(strip.selected(), 4);
        QTest::mouseClick(&strip, Qt::RightButton, Qt::NoModifier, strip.tileRect(1).center());
        QTest::mouseClick(&strip, Qt::LeftButton, Qt::NoModifier, QPoint(1, 1));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(strip.selected(), 4);
    }

    void selectionIsClamped() {
        ImageTiles strip;
        strip.setTiles(tiles(3));
        strip.setSelected(2);
        QCOMPARE(strip.selected(), 2);
        strip.setSelected(3);
        QCOMPARE(strip.selected(), -1);
        strip.setSelected(2);
        strip.setTiles(tiles(2)); // the selected tile is gone
        QCOMPARE(strip.selected(), -1);
        strip.setSelected(1);
        strip.clear();
        QCOMPARE(strip.count(), 0);
        QCOMPARE(strip.selected(), -1);
        QCOMPARE(strip.tileAt(QPoint(20, 20)), -1);
        QVERIFY(strip.heightForWidth(300) > 0); // an empty strip keeps a row's height
    }

    void drawsNearestNeighbour() {
        ImageTiles strip;
        strip.setTileSize(96);
        strip.setTiles(
            {{checker(), QStringLiteral("input"), {}}, {QImage(), QStringLiteral("null"), {}}});
        strip.resize(strip.sizeHint());
        const QImage image = strip.grab().toImage();
        const QRect target = strip.imageRect(0);
        QCOMPARE(target.size(), QSize(96, 96));
        // Each source pixel becomes a 48 x 48 block of exactly its colour, edges included.
        auto at = [&](int x, int y) {
            return image.pixelColor(target.left() + x, target.top() + y);
        };
        QCOMPARE(at(0, 0), QColor(Qt::red));
        QCOMPARE(at(47, 47), QColor(Qt::red));
        QCOMPARE(at(48, 47), QColor(Qt::green));
        QCOMPARE(at(47, 48), QColor(Qt::blue));
        QCOMPARE(at(48, 48), QColor(Qt::white));
        QCOMPARE(at(95, 95), QColor(Qt::white));
    }

    void keepsAspectRatio() {
        ImageTiles strip;
        strip.setTileSize(64);
        QImage wide(32, 16, QImage::Format_Grayscale8);
        wide.fill(200);
        strip.setTiles({{wide, QStringLiteral("wide"), {}}});
        const QRect target = strip.imageRect(0);
        QCOMPARE(target.size(), QSize(64, 32));
        QCOMPARE(target.top(), strip.tileRect(0).top() + 3 + 16); // centred in the 64 x 64 square
    }
};

BDL_REGISTER_WIDGET_TEST(ImageTilesTest);
#include "test_image_tiles.moc"
