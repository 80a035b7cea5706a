#pragma once

#include <QIcon>

namespace art32::ui {

/** An icon of the console's SVG set, by file name without extension ("lock", "status-ok"). */
QIcon icon(const QString& name);

enum class Level { Ok, Warning, Error, Unknown };

QIcon levelIcon(Level level);
/** The word that goes with a status colour, so status is never colour alone. */
QString levelWord(Level level);

} // namespace art32::ui
