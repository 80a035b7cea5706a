#pragma once

#include <QDBusConnection>
#include <QObject>

namespace art32::ui {

/**
 * Follows what should lock the console at once, and emits locked() with the reason:
 * - the desktop's screen lock on the session bus (org.freedesktop.ScreenSaver and GNOME's org.gnome.ScreenSaver
 *   ActiveChanged signals);
 * - systemd-logind on the system bus: this login session's Lock signal (`loginctl lock-session`, and what many
 *   desktops send when the lid closes) and the manager's PrepareForSleep(true) before suspend.
 * Where a bus offers none of them, nothing happens and the idle lock still applies.
 */
class ScreenLockWatcher : public QObject
{
    Q_OBJECT

public:
    enum class Reason { ScreenLocked, SessionLocked, Sleep };
    Q_ENUM(Reason)

    /** logind is normally on the system bus; tests pass a private bus that plays logind. */
    explicit ScreenLockWatcher(QObject* parent = nullptr,
                               const QDBusConnection& logindBus = QDBusConnection::systemBus());

signals:
    void locked(art32::ui::ScreenLockWatcher::Reason reason);

private:
    void onScreenSaverActive(bool active);
    void onSessionLock();
    void onPrepareForSleep(bool start);
    void watchLogind(QDBusConnection bus);
};

} // namespace art32::ui
