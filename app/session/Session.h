#pragma once

#include "auth/Role.h"
#include "auth/Unlock.h"
#include "core/Result.h"
#include "store/Migrator.h"
#include "store/Profile.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>
#include <vector>

namespace art32 {

class Clock;
class Enrollment;
class Keychain;
class KeyRing;
class SecureBytes;
class Services;

/** What the console knows about the server it talks to and the keys it holds. */
struct ServerInfo
{
    QString serverVersion;
    QString database;
    int backendPid = 0;
    SchemaStatus schema;
    bool schemaKnown = false;
    int idleMinutes = 10; ///< the server's idle policy
    bool tls = false; ///< this connection is encrypted (pg_stat_ssl), as every network connection must be
    QString tlsVersion; ///< "TLSv1.3"

    enum class Keys { NotLoaded, Open, NoneSealed, PrivateKeyMissing, OpenFailed };
    Keys keys = Keys::NotLoaded;
    int kekVersion = 0;
    QString keysDetail; ///< translated reason when not Open
};

/**
 * A profile's live connection for the GUI, and its unlock state (DESIGN.md §4.2): the password and the
 * private key come from the keychain (asynchronously), database work runs on a worker thread, and the KEK
 * is opened there into guarded memory only after the server accepted a TOTP code. Nothing here blocks the
 * GUI thread.
 */
class Session : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected,
        ReadingKeychain,
        Connecting,
        NeedsEnrollment, ///< connected; this login has not enrolled yet
        Locked, ///< connected; waiting for a TOTP code
        Unlocking,
        Unlocked,
        Failed, ///< lastError() says why; open() again to retry
        /// Was unlocked, and the connection broke (or came back as a new server session, which is not unlocked):
        /// lastError() has the cause. The keys are wiped; the window stays, so unsaved edits do too. reconnect()
        /// connects again and then asks for a code (Locked with resuming()), as the old server session is gone.
        ConnectionLost,
    };
    Q_ENUM(State)

    Session(Profile profile, Keychain* keychain, QObject* parent = nullptr);
    ~Session() override;

    const Profile& profile() const { return m_profile; }
    State state() const { return m_state; }
    const Error& lastError() const { return m_error; }
    const WhoAmI& admin() const { return m_admin; }
    const ServerInfo& serverInfo() const { return m_info; }
    const UnlockOutcome& lastOutcome() const { return m_outcome; }
    QDateTime expiresAt() const { return m_expiresAt; }
    /** Locked after reconnect(): the next unlock goes back to the window as it was (edits kept). */
    bool resuming() const { return m_resuming; }

    static QString describe(State state);

    /** The keychain this session reads (the backup key lives there too, i13-gui; incident drafts keep their key
     *  there as well, i14-drafts). */
    Keychain* keychain() const { return m_keychain; }

    /** What this admin's role may do: the one place the UI asks (the server enforces the same rules). */
    Capabilities capabilities() const { return Capabilities::of(m_admin.role); }

    /**
     * Runs work(Services&) on the worker thread, with this session's connection and keys, then done(result) on
     * this object's thread with the Result<T> work returned. The answer is dropped when owner has been deleted
     * meanwhile, or when the session left the state it was asked in (lock, expiry, reconnect): views that are
     * gone never hear of it. Keys stay with the worker thread; bulk work (scan, rotation) lends them to one
     * helper thread it starts and joins within the same call.
     */
    template<typename Work, typename Done> void request(QObject* owner, Work work, Done done)
    {
        using R = std::invoke_result_t<Work&, Services&>;
        if constexpr (std::is_constructible_v<R, Error>) {
            if (m_state == State::ConnectionLost) {
                // No silent reconnect to a server session that is not unlocked: the caller hears why, at once.
                answerLater(owner, [done = std::move(done), error = m_error]() mutable { done(R(error)); });
                return;
            }
        }
        enqueue(owner, [work = std::move(work), done = std::move(done)](Services& services) mutable {
            auto result = std::make_shared<R>(work(services));
            return std::function<void()>([result, done]() mutable { done(std::move(*result)); });
        });
    }

    /**
     * A cancel flag for long work (scan, rotation) about to be run: the caller's Cancel sets it, and so do
     * leaving Unlocked (lock, expiry, failure) and destroying the session (quit, closing the window), so the worker
     * stops after the current batch and can wipe the keys.
     */
    std::shared_ptr<std::atomic_bool> cancelToken();

    /** Stores the keychain entry and enrolls this login (the Enrollment was prepared on the GUI thread). */
    void enroll(std::shared_ptr<Enrollment> enrollment, const QString& code);

public slots:
    /** Reads the password from the keychain, connects, and learns whether this login is enrolled. */
    void open();
    /** Sends a TOTP code; on success opens the keys and loads the server information. */
    void unlock(const QString& code);
    /** Wipes the keys, tells the server (art32.lock_session) and waits for a code again. */
    void lock();
    /** Extends the server's idle expiry; a session the server has locked meanwhile becomes Locked here too. */
    void keepAlive();
    /** Reloads the server information (reconnects when the connection was lost). */
    void refresh();
    /** After ConnectionLost: connects again; success leads to Locked with resuming(), failure stays lost. */
    void reconnect();
    void close();

signals:
    void stateChanged(art32::Session::State state);
    void serverInfoChanged(const art32::ServerInfo& info);
    /** The server refused a code (wrong, replayed, locked, disabled); lastOutcome() has the details. */
    void unlockRefused(const art32::UnlockOutcome& outcome);
    void enrollmentFinished(const art32::Error& error); ///< empty code = success
    /** A key rotation changed the keys under this session; they were reloaded before the next request ran. */
    void keysReloaded(const QString& message);

private:
    struct Worker;
    void enqueue(QObject* owner, std::function<std::function<void()>(Services&)> job, bool keysChecked = false);
    /** Calls answer() on the GUI thread from the event loop, unless owner is gone or the session moved on. */
    void answerLater(QObject* owner, std::function<void()> answer);
    /** The connection broke under an unlocked session: keys wiped, requests answered with the cause. */
    void connectionLost(const Error& cause);
    /** Reads the private key again and reloads the key ring on the worker, then calls then() here. */
    void reloadKeys(std::function<void()> then);
    void setState(State state, const Error& error = {});
    /** Sets every cancel token handed out, so long work on the worker stops after its current batch. */
    void cancelLongWork();
    void post(std::function<void(Worker&)> work);
    void connectWith(std::shared_ptr<SecureBytes> password);
    void openKeys();

    Profile m_profile;
    Keychain* m_keychain;
    State m_state = State::Disconnected;
    Error m_error;
    WhoAmI m_admin;
    ServerInfo m_info;
    UnlockOutcome m_outcome;
    QDateTime m_expiresAt;
    QThread m_thread;
    QObject* m_context = nullptr; ///< lives in m_thread: the queue for worker jobs
    std::shared_ptr<Worker> m_worker; ///< Database and KeyRing; touched only on m_thread
    int m_request = 0; ///< ignores answers to superseded requests
    std::vector<std::weak_ptr<std::atomic_bool>> m_cancelTokens; ///< of long work started while unlocked
    bool m_resuming = false; ///< Locked by reconnect(); cleared by unlocking, lock() and close()
};

} // namespace art32

Q_DECLARE_METATYPE(art32::ServerInfo)
Q_DECLARE_METATYPE(art32::UnlockOutcome)
