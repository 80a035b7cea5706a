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
            auto* iface = new ScreenSaverInterface(QLatin1String(s.service), QLatin1String(s.path), s.service, this);
            connect(iface, &ScreenSaverInterface::ActiveChanged, this, &ScreenLockWatcher::onScreenSaverActive);
        }
    }
    if (logindBus.isConnected())
        watchLogind(logindBus);
    else
        qCInfo(lcUi) << "no system bus: the console does not follow logind's lock and sleep signals";
}

void ScreenLockWatcher::watchLogind(QDBusConnection bus)
{
    bus.connect(kLogind, kLogindPath, kLogindManager, QStringLiteral("PrepareForSleep"), this,
                SLOT(onPrepareForSleep(bool)));
    // Lock is a signal of this process's own session object; ask logind which one that is (asynchronously).
    QDBusMessage ask
        = QDBusMessage::createMethodCall(kLogind, kLogindPath, kLogindManager, QStringLiteral("GetSessionByPID"));
    ask << static_cast<uint>(QCoreApplication::applicationPid());
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(ask), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, bus](QDBusPendingCallWatcher* w) mutable {
        w->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *w;
        if (reply.isError()) {
            // Not started from a logind session (a service, a container): only the screen saver and idle apply.
            qCInfo(lcUi) << "logind knows no session of this process:" << reply.error().name();
            return;
        }
        const QString path = reply.value().path();
        if (!bus.connect(kLogind, path, QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"), this,
                         SLOT(onSessionLock())))
            qCWarning(lcUi) << "cannot follow logind's Lock signal of" << path;
        else
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
