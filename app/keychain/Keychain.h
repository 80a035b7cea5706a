#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

namespace art32 {

/**
 * The one door to the OS keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Manager).
 *
 * QtKeychain's insecure plaintext fallback is switched off on every job and there is no way to turn it on.
 * A missing entry is a normal state, and a keychain that cannot be reached at all is reported as
 * NoService with one clear message, never silently replaced by something weaker. A locked Secret Service
 * collection is Locked, not NotFound: QtKeychain reports an entry it could not read from a locked collection
 * (with no prompt to unlock it, as under ssh or cron) as missing, so that answer is checked on the bus.
 */
class Keychain : public QObject
{
    Q_OBJECT

public:
    enum class Status {
        Ok,
        NotFound, ///< the entry does not exist
        NoService, ///< no keychain service is running / reachable
        AccessDenied, ///< the user or the service refused
        Other,
        Locked, ///< the keychain (its default collection) is locked: no entry can be read until it is unlocked
    };
    Q_ENUM(Status)

    struct Reply
    {
        Status status = Status::Other;
        QString message; ///< translated, for people; empty when status is Ok
        QByteArray secret; ///< only for reads; wiped by the caller when done (art32::wipe)

        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(Reply)>;

    static QString defaultService();

    explicit Keychain(QString service = defaultService(), QObject* parent = nullptr);

    /**
     * Asynchronous: the callback runs on this object's thread once the keychain answered, and not at all when
     * `context` (default: this keychain) was destroyed meanwhile. Pass the object the callback uses.
     */
    void read(const QString& key, Callback done, QObject* context = nullptr);
    void write(const QString& key, const QByteArray& secret, Callback done, QObject* context = nullptr);
    void remove(const QString& key, Callback done, QObject* context = nullptr);

    /**
     * Blocking variants for the command line and tests: they run a local event loop until the keychain
     * answers. Only on the thread this object lives in, and never on a GUI thread that has windows open.
     */
    Reply readNow(const QString& key);
    Reply writeNow(const QString& key, const QByteArray& secret);
    Reply removeNow(const QString& key);

    QString service() const { return m_service; }

    /** The message shown for a status, translated. */
    static QString messageFor(Status status, const QString& detail = QString());

private:
    QString m_service;
};

/**
 * A keychain reply that is not Ok as an error whose code tells the status (keychain.missing, .locked, .denied,
 * .unavailable, .read) and whose message is the reply's: the one mapping for the command line and the backups.
 */
Error keychainError(const Keychain::Reply& reply);

/** Overwrites the bytes of a secret held in a QByteArray and empties it. */
void wipe(QByteArray& secret);

} // namespace art32
