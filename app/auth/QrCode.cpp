#include "auth/QrCode.h"

#include <QCoreApplication>
#include <memory>
#include <qrencode.h>

namespace art32 {

Result<QrCode> QrCode::encode(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!qr)
        return Error { QStringLiteral("qr.encode"),
                       QCoreApplication::translate("art32::QrCode", "Could not make a QR code of this text.") };
    QrCode code;
    code.size = qr->width;
    code.dark.resize(static_cast<std::size_t>(qr->width * qr->width));
    for (int i = 0; i < qr->width * qr->width; ++i)
        code.dark[static_cast<std::size_t>(i)] = qr->data[i] & 1;
    return code;
}

QString QrCode::toTerminalText() const
{
    // Light modules as blocks, so it scans on the usual dark terminal background too (inverted codes are
    // read by most authenticator apps, and a quiet zone of light blocks surrounds it).
    const int quiet = 2;
    auto darkAt = [this](int x, int y) {
        return x >= 0 && y >= 0 && x < size && y < size && at(x, y);
    };
    QString out;
    for (int y = -quiet; y < size + quiet; y += 2) {
        for (int x = -quiet; x < size + quiet; ++x) {
            const bool top = !darkAt(x, y);
            const bool bottom = y + 1 < size + quiet && !darkAt(x, y + 1);
            out += top && bottom ? QChar(0x2588) : top ? QChar(0x2580) : bottom ? QChar(0x2584) : QLatin1Char(' ');
        }
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace art32
