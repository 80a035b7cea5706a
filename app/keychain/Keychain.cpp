#include "keychain/Keychain.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <memory>
#include <qt6keychain/keychain.h>
#include <sodium.h>

namespace art32 {
namespace {

/**
 * QtKeychain reports a missing Secret Service on Linux as OtherError with a D-Bus message (translated, as
 * GLib and libdbus translate theirs) rather than NoBackendAvailable. So ask the session bus itself whether it can
 * give us a keychain: one running now, or one it starts on demand. Only on that error path; the bus daemon
 * answers at once, or there is no bus.
 */
enum class BusKeychain { Available, Missing, Unknown };

BusKeychain keychainOnSessionBus()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return BusKeychain::Missing; // no session bus at all: nothing can provide a keychain
    static const QString kServices[] = {
        QStringLiteral("org.freedesktop.secrets"), // GNOME Keyring, KeePassXC, KWallet 6 …
        QStringLiteral("org.kde.kwalletd6"),
        QStringLiteral("org.kde.kwalletd5"),
    };
    const QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ListActivatableNames"));
    const QDBusReply<QStringList> activatable = bus.call(call, QDBus::Block, 5000);
    const QDBusReply<QStringList> running = bus.interface()->registeredServiceNames();
    if (!activatable.isValid() || !running.isValid())
        return BusKeychain::Unknown;
    for (const QString& service : kServices) {
        if (running.value().contains(service) || activatable.value().contains(service))
            return BusKeychain::Available;
    }
    return BusKeychain::Missing;
}

/**
 * Whether the Secret Service's default collection (where QtKeychain keeps its entries) is locked. Asked only
 * when a read came back without an entry or with an error; Unknown without a Secret Service on the bus.
 */
enum class Collection { Unlocked, Locked, Unknown };

Collection defaultCollectionState()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")))
        return Collection::Unknown; // not started: nothing is locked (QtKeychain would have started it)
    const QString service = QStringLiteral("org.freedesktop.secrets");
    QDBusMessage alias
        = QDBusMessage::createMethodCall(service, QStringLiteral("/org/freedesktop/secrets"),
                                         QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusReply<QDBusObjectPath> path = bus.call(alias, QDBus::Block, 5000);
    if (!path.isValid() || path.value().path() == QLatin1String("/"))
        return Collection::Unknown;
    QDBusMessage get = QDBusMessage::createMethodCall(
        service, path.value().path(), QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusReply<QDBusVariant> locked = bus.call(get, QDBus::Block, 5000);
    if (!locked.isValid())
        return Collection::Unknown;
    return locked.value().variant().toBool() ? Collection::Locked : Collection::Unlocked;
}

/** What a finished job said, copied out of it (the job deletes itself once its finished signal returned). */
struct Outcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
};

/** Whether classifying the outcome asks the session bus (blocking D-Bus calls of up to 5 s each). */
bool asksTheBus(const Outcome& o)
{
    return o.error != QKeychain::NoError && o.error != QKeychain::NoBackendAvailable
        && o.error != QKeychain::NotImplemented;
}

Keychain::Reply replyFor(const Outcome& job)
{
    Keychain::Reply reply;
    switch (job.error) {
    case QKeychain::NoError:
        reply.status = Keychain::Status::Ok;
        return reply;
    case QKeychain::EntryNotFound:
        reply.status = Keychain::Status::NotFound;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        reply.status = Keychain::Status::AccessDenied;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        reply.status = Keychain::Status::NoService;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        reply.status
            = keychainOnSessionBus() == BusKeychain::Missing ? Keychain::Status::NoService : Keychain::Status::Other;
        break;
    }
    if ((reply.status == Keychain::Status::NotFound || reply.status == Keychain::Status::Other
         || reply.status == Keychain::Status::AccessDenied)
        && defaultCollectionState() == Collection::Locked)
        reply.status = Keychain::Status::Locked;
    // The detail is a D-Bus or platform message; it never contains the secret itself.
    if (reply.status == Keychain::Status::NotFound)
        qCDebug(lcKeychain) << "keychain entry not found";
    else
        qCWarning(lcKeychain) << "keychain job failed:" << reply.status << job.errorString;
    reply.message = Keychain::messageFor(reply.status, job.errorString);
    return reply;
}

/**
 * Calls done with the reply for a finished job, on the thread of context (which the job's finished signal runs on).
 * A success, with its secret, is answered at once. A failure is classified on a pool thread: that asks the session
 * bus whether a keychain runs and whether its collection is locked, blocking calls that must not freeze the GUI
 * (the unlock dialog, the key reload). Not called when context was destroyed meanwhile.
 */
void answer(const QKeychain::Job& job, QObject* context, Keychain::Callback done, QByteArray secret = {})
{
    const Outcome outcome { job.error(), job.errorString() };
    if (!asksTheBus(outcome)) {
        Keychain::Reply reply = replyFor(outcome);
        if (reply.ok())
            reply.secret = std::move(secret);
        done(std::move(reply));
        return;
    }
    auto promise = std::make_shared<QPromise<Keychain::Reply>>();
    auto* watcher = new QFutureWatcher<Keychain::Reply>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0)
            done(watcher->result());
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, outcome] {
        promise->start();
        promise->addResult(replyFor(outcome));
        promise->finish();
    });
}

template<typename Job> Job* prepare(const QString& service, const QString& key)
{
    auto* job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never: a plaintext file is not a keychain
    job->setKey(key);
    return job;
}

template<typename Start> Keychain::Reply waitFor(Start start)
{
    Keychain::Reply result;
    bool finished = false;
    QEventLoop loop;
    start([&](Keychain::Reply reply) {
        result = std::move(reply);
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

} // namespace

Error keychainError(const Keychain::Reply& reply)
{
    switch (reply.status) {
    case Keychain::Status::NotFound:
        return { QStringLiteral("keychain.missing"), reply.message };
    case Keychain::Status::Locked:
        return { QStringLiteral("keychain.locked"), reply.message };
    case Keychain::Status::AccessDenied:
        return { QStringLiteral("keychain.denied"), reply.message };
    case Keychain::Status::NoService:
        return { QStringLiteral("keychain.unavailable"), reply.message };
    case Keychain::Status::Ok:
    case Keychain::Status::Other:
        break;
    }
    return { QStringLiteral("keychain.read"), reply.message };
}

void wipe(QByteArray& secret)
{
    // In place, without detaching: a copy would leave the original (often QtKeychain's own, shared with this
    // one) in memory. Only static data (a literal, fromRawData) is not ours to write; it is merely let go.
    if (!secret.isEmpty() && secret.data_ptr().isMutable())
        sodium_memzero(const_cast<char*>(secret.constData()), static_cast<size_t>(secret.size()));
    secret.clear();
}

QString Keychain::defaultService()
{
    return QStringLiteral("Art32 Console");
}

Keychain::Keychain(QString service, QObject* parent)
    : QObject(parent)
    , m_service(std::move(service))
{ }

QString Keychain::messageFor(Status status, const QString& detail)
{
    switch (status) {
    case Status::Ok:
        return QString();
    case Status::NotFound:
        return tr("The keychain has no entry for this profile yet.");
    case Status::NoService:
        return tr("No keychain service is running. Start GNOME Keyring or KWallet (or log in to a desktop "
                  "session that provides one) and try again.");
    case Status::AccessDenied:
        return tr("The keychain refused access. Unlock it and allow Art32 Console to use it, then try again.");
    case Status::Other:
        return tr("The keychain reported an error: %1").arg(detail);
    case Status::Locked:
        return tr("The keychain is locked, so this profile's entry cannot be read. Unlock it (log in to the desktop "
                  "session, or unlock the \"Login\" keyring in Passwords and Keys) and try again.");
    }
    Q_UNREACHABLE();
}

void Keychain::read(const QString& key, Callback done, QObject* context)
{
    auto* job = prepare<QKeychain::ReadPasswordJob>(m_service, key);
    QObject* receiver = context ? context : this;
    connect(job, &QKeychain::Job::finished, receiver, [job, receiver, done = std::move(done)](QKeychain::Job*) {
        answer(*job, receiver, std::move(done), job->error() == QKeychain::NoError ? job->binaryData() : QByteArray());
    });
    job->start();
}

void Keychain::write(const QString& key, const QByteArray& secret, Callback done, QObject* context)
{
    auto* job = prepare<QKeychain::WritePasswordJob>(m_service, key);
    job->setBinaryData(secret);
    QObject* receiver = context ? context : this;
    connect(job, &QKeychain::Job::finished, receiver,
            [job, receiver, done = std::move(done)](QKeychain::Job*) { answer(*job, receiver, std::move(done)); });
    job->start();
}

void Keychain::remove(const QString& key, Callback done, QObject* context)
{
    auto* job = prepare<QKeychain::DeletePasswordJob>(m_service, key);
    QObject* receiver = context ? context : this;
    connect(job, &QKeychain::Job::finished, receiver,
            [job, receiver, done = std::move(done)](QKeychain::Job*) { answer(*job, receiver, std::move(done)); });
    job->start();
}

Keychain::Reply Keychain::readNow(const QString& key)
{
    return waitFor([&](Callback cb) { read(key, std::move(cb)); });
}

Keychain::Reply Keychain::writeNow(const QString& key, const QByteArray& secret)
{
    return waitFor([&](Callback cb) { write(key, secret, std::move(cb)); });
}

Keychain::Reply Keychain::removeNow(const QString& key)
{
    return waitFor([&](Callback cb) { remove(key, std::move(cb)); });
}

} // namespace art32
