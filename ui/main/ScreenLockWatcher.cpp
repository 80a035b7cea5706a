#include "main/ScreenLockWatcher.h"

#include <QDBusAbstractInterface>
#include <QDBusConnection>

namespace art32::ui {
namespace {

/** A proxy whose signal QtDBus connects to the bus when someone connects to it (connectNotify). */
class ScreenSaverInterface : public QDBusAbstractInterface
{
    Q_OBJECT

public:
    ScreenSaverInterface(const QString& service, const QString& path, const char* interface, QObject* parent)
        : QDBusAbstractInterface(service, path, interface, QDBusConnection::sessionBus(), parent)
    { }

signals:
    void ActiveChanged(bool active); // NOLINT: the D-Bus member name
};

} // namespace

ScreenLockWatcher::ScreenLockWatcher(QObject* parent)
    : QObject(parent)
{
    if (!QDBusConnection::sessionBus().isConnected())
        return;
    const struct
    {
        const char* service;
        const char* path;
    } sources[] = {
        { "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver" },
        { "org.gnome.ScreenSaver", "/org/gnome/ScreenSaver" },
    };
    for (const auto& s : sources) {
        auto* iface = new ScreenSaverInterface(QLatin1String(s.service), QLatin1String(s.path), s.service, this);
        connect(iface, &ScreenSaverInterface::ActiveChanged, this, [this](bool active) {
            if (active)
                emit screenLocked();
        });
    }
}

} // namespace art32::ui

#include "ScreenLockWatcher.moc"
