#pragma once

// The PDF writer of incident reports: renders the HTML of incidents::reportHtml with QTextDocument into a
// QPdfWriter (A4). A library of its own (art32pdf, QtGui only) so art32core stays QtCore-only; the GUI and
// art32ctl link it, the CLI with a QGuiApplication on the offscreen platform for this one command.
#include "core/Result.h"

#include <QString>

namespace art32::report {

/** Writes the HTML as a PDF to path (0600, through a QSaveFile: all or nothing). */
Result<void> writePdf(const QString& html, const QString& title, const QString& path);

} // namespace art32::report
