#include "main/ScreenLockWatcher.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QDBusAbstractInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace art32::ui {
namespace {

/**
 * A proxy for the signals this watcher follows: QtDBus subscribes to one on the bus when someone connects to it
 * (connectNotify), and only to the ones connected, so one class serves the screen savers and logind.
 */
class SignalProxy : public QDBusAbstractInterface
{
    Q_OBJECT

public:
    SignalProxy(const QString& service, const QString& path, const QString& interface, const QDBusConnection& bus,
                QObject* parent)
        : QDBusAbstractInterface(service, path, interface.toLatin1().constData(), bus, parent)
    { }

signals: // NOLINT: the D-Bus member names
    void ActiveChanged(bool active); ///< org.freedesktop.ScreenSaver, org.gnome.ScreenSaver
    void PrepareForSleep(bool start); ///< org.freedesktop.login1.Manager
    void Lock(); ///< org.freedesktop.login1.Session
};

const QString kLogind = QStringLiteral("org.freedesktop.login1");
const QString kLogindPath = QStringLiteral("/org/freedesktop/login1");
const QString kLogindManager = QStringLiteral("org.freedesktop.login1.Manager");

} // namespace

ScreenLockWatcher::ScreenLockWatcher(QObject* parent, const QDBusConnection& logindBus)
    : QObject(parent)
{
    qRegisterMetaType<art32::ui::ScreenLockWatcher::Reason>();
    if (QDBusConnection::sessionBus().isConnected()) {
        const struct
        {
            const char* service;
            const char* path;
        } sources[] = {
            { "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver" },
            { "org.gnome.ScreenSaver", "/org/gnome/ScreenSaver" },
        };
        for (const auto& s : sources) {
            auto* iface = new SignalProxy(QLatin1String(s.service), QLatin1String(s.path), QLatin1String(s.service),
                                          QDBusConnection::sessionBus(), this);
            connect(iface, &SignalProxy::ActiveChanged, this, &ScreenLockWatcher::onScreenSaverActive);
        }
    }
    if (logindBus.isConnected())
        watchLogind(logindBus);
    else
        qCInfo(lcUi) << "no system bus: the console does not follow logind's lock and sleep signals";
}

void ScreenLockWatcher::watchLogind(QDBusConnection bus)
{
    auto* manager = new SignalProxy(kLogind, kLogindPath, kLogindManager, bus, this);
    connect(manager, &SignalProxy::PrepareForSleep, this, &ScreenLockWatcher::onPrepareForSleep);
    // Lock is a signal of this process's own session object; ask logind which one that is (asynchronously).
    QDBusMessage ask
        = QDBusMessage::createMethodCall(kLogind, kLogindPath, kLogindManager, QStringLiteral("GetSessionByPID"));
    ask << static_cast<uint>(QCoreApplication::applicationPid());
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(ask), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, bus](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *w;
        if (reply.isError()) {
            // Not started from a logind session (a service, a container): only the screen saver and idle apply.
            qCInfo(lcUi) << "logind knows no session of this process:" << reply.error().name();
            return;
        }
        const QString path = reply.value().path();
        auto* session = new SignalProxy(kLogind, path, QStringLiteral("org.freedesktop.login1.Session"), bus, this);
        connect(session, &SignalProxy::Lock, this, &ScreenLockWatcher::onSessionLock);
        qCInfo(lcUi) << "following logind's Lock signal of" << path;
    });
}

void ScreenLockWatcher::onScreenSaverActive(bool active)
{
    if (active)
        emit locked(Reason::ScreenLocked);
}

void ScreenLockWatcher::onSessionLock()
{
    emit locked(Reason::SessionLocked);
}

void ScreenLockWatcher::onPrepareForSleep(bool start)
{
    if (start)
        emit locked(Reason::Sleep);
}

} // namespace art32::ui

#include "ScreenLockWatcher.moc"
