#pragma once

#include "core/Result.h"

#include <QString>
#include <vector>

namespace art32 {

/** A QR code as a square of modules (libqrencode), for the enrollment URI in the GUI and the terminal. */
struct QrCode
{
    int size = 0;
    std::vector<bool> dark; ///< row-major, size × size

    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)]; }

    static Result<QrCode> encode(const QString& text);
    /** Text for a terminal: two module rows per line with half-block characters and a quiet zone. */
    QString toTerminalText() const;
};

} // namespace art32
