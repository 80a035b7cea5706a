#pragma once

#include <QObject>

namespace art32::ui {

/**
 * Follows the desktop's screen lock on the session bus (org.freedesktop.ScreenSaver and GNOME's
 * org.gnome.ScreenSaver ActiveChanged signals) and emits screenLocked() when the screen locks. Where the
 * session bus offers neither, nothing happens and the idle lock still applies.
 */
class ScreenLockWatcher : public QObject
{
    Q_OBJECT

public:
    explicit ScreenLockWatcher(QObject* parent = nullptr);

signals:
    void screenLocked();
};

} // namespace art32::ui
