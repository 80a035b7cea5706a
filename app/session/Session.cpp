#include "session/Session.h"

#include "auth/Enrollment.h"
#include "auth/KeyRing.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "crypto/Keys.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "records/Rotation.h"
#include "session/Services.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <pqxx/transaction>

namespace art32 {

/** What lives on the worker thread: the connection and the opened keys. */
struct Session::Worker
{
    explicit Worker(const Profile& profile)
        : db(profile)
    { }
    Database db;
    KeyRing ring;
    int unlockedGeneration = -1; ///< the connection the server unlocked; a reconnect means locked again
    rotation::UsableVersions versionsAtLoad; ///< the server's key versions when the ring was loaded
    /** Loads the ring and remembers which versions the server used then (a later change makes the ring stale). */
    Result<void> loadRing(const QByteArray& publicKey, const SecureBytes& privateKey)
    {
        auto loaded = db.call([&](pqxx::connection_base& c) { return ring.load(c, publicKey, privateKey); });
        if (loaded) {
            const auto now = db.call([](pqxx::connection_base& c) { return rotation::usableVersions(c); });
            versionsAtLoad = now ? now.value() : rotation::UsableVersions {};
        }
        return loaded;
    }
};

namespace {

Result<ServerInfo> loadServerInfo(pqxx::connection_base& conn)
{
    ServerInfo info;
    try {
        pqxx::read_transaction tx(conn);
        const pqxx::row row = tx.exec("SELECT current_setting('server_version'), current_database()::text, "
                                      "pg_backend_pid(), "
                                      "(SELECT value FROM art32.policy WHERE key = 'idle_minutes')")[0];
        // "15.20 (Debian 15.20-0+deb12u1)": the number is what people compare.
        info.serverVersion = QString::fromStdString(row[0].as<std::string>()).section(QLatin1Char(' '), 0, 0);
        info.database = QString::fromStdString(row[1].as<std::string>());
        info.backendPid = row[2].as<int>();
        if (!row[3].is_null())
            info.idleMinutes = row[3].as<int>();
        // What the server says of this connection's encryption (its own row of pg_stat_ssl is readable to it).
        const pqxx::result ssl
            = tx.exec("SELECT ssl, coalesce(version, '') FROM pg_catalog.pg_stat_ssl WHERE pid = pg_backend_pid()");
        if (!ssl.empty()) {
            info.tls = ssl[0][0].as<bool>();
            info.tlsVersion = QString::fromStdString(ssl[0][1].as<std::string>());
        }
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
    auto schema = Migrator().status(conn);
    if (!schema)
        return schema.error();
    info.schema = schema.value();
    info.schemaKnown = true;
    return info;
}

} // namespace

Session::Session(Profile profile, Keychain* keychain, QObject* parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_keychain(keychain)
    , m_worker(std::make_shared<Worker>(m_profile))
{
    qRegisterMetaType<art32::ServerInfo>();
    qRegisterMetaType<art32::UnlockOutcome>();
    m_thread.setObjectName(QStringLiteral("art32-db"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

Session::~Session()
{
    // Long work still running (a scan, a rotation) is told to stop after its batch first: the wipe below is queued
    // behind it, and quitting must not wait for the whole job with the keys still in memory.
    ++m_request;
    cancelLongWork();
    // Keys and connection die on their own thread, and before the thread stops: quit() ends its event loop at
    // once, so a wipe merely queued behind a running job would never run.
    QMetaObject::invokeMethod(
        m_context,
        [w = std::move(m_worker)]() mutable {
            w->ring.wipe();
            w.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString Session::describe(State state)
{
    switch (state) {
    case State::Disconnected:
        return QCoreApplication::translate("art32::Session", "Not connected");
    case State::ReadingKeychain:
        return QCoreApplication::translate("art32::Session", "Reading the keychain…");
    case State::Connecting:
        return QCoreApplication::translate("art32::Session", "Connecting…");
    case State::NeedsEnrollment:
        return QCoreApplication::translate("art32::Session", "Not enrolled");
    case State::Locked:
        return QCoreApplication::translate("art32::Session", "Locked");
    case State::Unlocking:
        return QCoreApplication::translate("art32::Session", "Unlocking…");
    case State::Unlocked:
        return QCoreApplication::translate("art32::Session", "Unlocked");
    case State::Failed:
        return QCoreApplication::translate("art32::Session", "Connection failed");
    case State::ConnectionLost:
        return QCoreApplication::translate("art32::Session", "Connection lost");
    }
    Q_UNREACHABLE();
}

void Session::setState(State state, const Error& error)
{
    m_error = error;
    if (m_state == state && error.code.isEmpty())
        return;
    if (m_state == State::Unlocked && state != State::Unlocked) {
        ++m_request; // answers to work started while unlocked must not reach views that are gone
        cancelLongWork(); // long work stops after its batch; the wipe below waits for no more
    }
    if (state == State::Failed || state == State::Locked || state == State::ConnectionLost) {
        // Whatever the reason, no key stays open in the worker once the GUI says so.
        post([](Worker& w) {
            w.ring.wipe();
            w.unlockedGeneration = -1;
        });
    }
    if (state == State::Unlocked || state == State::Failed || state == State::Disconnected)
        m_resuming = false;
    if (error.code.isEmpty())
        qCInfo(lcSession) << m_profile.name << m_state << "->" << state;
    else
        qCInfo(lcSession) << m_profile.name << m_state << "->" << state << "because" << error.code;
    m_state = state;
    emit stateChanged(state);
}

void Session::cancelLongWork()
{
    for (const auto& token : m_cancelTokens) {
        if (auto flag = token.lock())
            flag->store(true);
    }
    m_cancelTokens.clear();
}

std::shared_ptr<std::atomic_bool> Session::cancelToken()
{
    auto token = std::make_shared<std::atomic_bool>(false);
    m_cancelTokens.erase(std::remove_if(m_cancelTokens.begin(), m_cancelTokens.end(),
                                        [](const std::weak_ptr<std::atomic_bool>& t) { return t.expired(); }),
                         m_cancelTokens.end());
    m_cancelTokens.push_back(token);
    return token;
}

void Session::post(std::function<void(Worker&)> work)
{
    QMetaObject::invokeMethod(m_context, [w = m_worker, work = std::move(work)] { work(*w); });
}

void Session::open()
{
    const int request = ++m_request;
    setState(State::ReadingKeychain);
    m_keychain->read(
        m_profile.passwordKey(),
        [this, request](Keychain::Reply reply) {
            if (request != m_request)
                return;
            if (!reply.ok()) {
                const QString code = reply.status == Keychain::Status::NotFound ? QStringLiteral("keychain.missing")
                                                                                : QStringLiteral("keychain.read");
                setState(State::Failed, { code, reply.message });
                return;
            }
            auto password = std::make_shared<SecureBytes>(SecureBytes::fromByteArray(reply.secret));
            wipe(reply.secret);
            connectWith(std::move(password));
        },
        this);
}

void Session::connectWith(std::shared_ptr<SecureBytes> password)
{
    const int request = ++m_request;
    setState(State::Connecting);
    post([this, password, request](Worker& w) {
        w.ring.wipe();
        w.unlockedGeneration = -1;
        Result<WhoAmI> me = Error {};
        if (auto opened = w.db.open(std::move(*password)); !opened)
            me = opened.error();
        else
            me = w.db.call([](pqxx::connection_base& c) { return unlock::whoami(c); }, Database::Retry::Idempotent);
        QMetaObject::invokeMethod(this, [this, me, request] {
            if (request != m_request)
                return;
            if (!me && me.error().code != QLatin1String("db.denied")) {
                setState(State::Failed, me.error());
                return;
            }
            // A login outside the admin groups may not even ask who it is (no USAGE on the schema).
            m_admin = me ? me.value() : WhoAmI {};
            if (!m_admin.isAdmin())
                setState(
                    State::Failed,
                    { QStringLiteral("unlock.no_admin"),
                      QCoreApplication::translate("art32::Session",
                                                  "The login %1 has no admin account in this database. A CTO creates "
                                                  "it with \"art32ctl admin create\".")
                          .arg(m_profile.user) });
            else if (m_admin.disabled)
                setState(State::Failed,
                         { QStringLiteral("unlock.disabled"),
                           UnlockOutcome { UnlockOutcome::Status::Disabled, {}, {} }.message() });
            else
                setState(m_admin.enrolled ? State::Locked : State::NeedsEnrollment);
        });
    });
}

void Session::unlock(const QString& code)
{
    if (m_state != State::Locked)
        return;
    const int request = ++m_request;
    setState(State::Unlocking);
    post([this, code, request](Worker& w) {
        auto outcome = w.db.call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, code); });
        if (outcome && outcome->ok())
            w.unlockedGeneration = w.db.connectionGeneration();
        if (outcome
            && (outcome->status == UnlockOutcome::Status::Wrong
                || outcome->status == UnlockOutcome::Status::Replayed)) {
            // "2 tries left": what the server counts for this login (a database without 0011 just says less).
            const auto left = w.db.call([](pqxx::connection_base& c) { return unlock::triesLeft(c); });
            if (left) {
                outcome.value().triesLeft = left->tries;
                outcome.value().lockMinutes = left->lockMinutes;
                if (!outcome->lockedUntil.isValid())
                    outcome.value().lockedUntil = left->lockedUntil;
            }
        }
        QMetaObject::invokeMethod(this, [this, outcome, request] {
            if (request != m_request)
                return;
            if (!outcome) {
                setState(State::Failed, outcome.error());
                return;
            }
            m_outcome = outcome.value();
            if (!m_outcome.ok()) {
                qCInfo(lcSession) << m_profile.name << "code refused:" << static_cast<int>(m_outcome.status);
                setState(State::Locked);
                emit unlockRefused(m_outcome);
                return;
            }
            m_expiresAt = m_outcome.expiresAt;
            openKeys();
        });
    });
}

void Session::openKeys()
{
    const int request = ++m_request;
    m_keychain->read(
        m_profile.privateKeyKey(),
        [this, request](Keychain::Reply reply) {
            if (request != m_request)
                return;
            auto privateKey = std::make_shared<SecureBytes>(SecureBytes::fromByteArray(reply.secret));
            wipe(reply.secret);
            const bool found = reply.ok();
            const QString keychainMessage = reply.message;
            const QByteArray publicKey = m_admin.publicKey;
            const bool holdsKeys = capabilities().holdsKeys;
            post([this, privateKey, found, keychainMessage, publicKey, holdsKeys, request](Worker& w) {
                Result<ServerInfo> info = w.db.call([](pqxx::connection_base& c) { return loadServerInfo(c); });
                if (info) {
                    ServerInfo& i = info.value();
                    if (!holdsKeys) {
                        i.keys = ServerInfo::Keys::NoneSealed; // by design: auditors never hold keys
                    } else if (!found) {
                        i.keys = ServerInfo::Keys::PrivateKeyMissing;
                        i.keysDetail
                            = QCoreApplication::translate(
                                  "art32::Session",
                                  "Your private key is not in this keychain (%1). Enroll on this machine or ask "
                                  "a CTO to reset your enrollment.")
                                  .arg(keychainMessage);
                    } else if (keys::publicKeyOf(*privateKey) != publicKey) {
                        i.keys = ServerInfo::Keys::OpenFailed;
                        i.keysDetail = QCoreApplication::translate(
                            "art32::Session",
                            "The private key in this keychain does not match your enrolled public key.");
                    } else {
                        auto loaded = w.loadRing(publicKey, *privateKey);
                        if (!loaded) {
                            i.keys = ServerInfo::Keys::OpenFailed;
                            i.keysDetail = loaded.error().message;
                        } else if (!w.ring.hasKek()) {
                            i.keys = ServerInfo::Keys::NoneSealed;
                            i.keysDetail = QCoreApplication::translate("art32::Session",
                                                                       "No key-encryption key has been sealed to you.");
                        } else {
                            i.keys = ServerInfo::Keys::Open;
                            i.kekVersion = w.ring.kekVersion();
                        }
                    }
                }
                privateKey->clear();
                QMetaObject::invokeMethod(this, [this, info, request] {
                    if (request != m_request)
                        return;
                    if (!info) {
                        setState(State::Failed, info.error());
                        return;
                    }
                    m_info = info.value();
                    setState(State::Unlocked);
                    emit serverInfoChanged(m_info);
                });
            });
        },
        this);
}

void Session::lock()
{
    if (m_state == State::ConnectionLost || (m_state == State::Locked && m_resuming)) {
        // Nothing unlocked on the server to tell (its session went with the connection); the keys are wiped.
        m_resuming = false;
        ++m_request;
        setState(State::Locked);
        return;
    }
    if (m_state != State::Unlocked && m_state != State::Unlocking)
        return;
    const int request = ++m_request;
    m_info.keys = ServerInfo::Keys::NotLoaded;
    m_info.kekVersion = 0;
    m_expiresAt = QDateTime();
    setState(State::Locked);
    post([this, request](Worker& w) {
        w.ring.wipe();
        w.unlockedGeneration = -1;
        // Best effort: if the server is gone, its session (and unlocked state) is gone with it.
        const auto r = w.db.call([](pqxx::connection_base& c) { return unlock::lockSession(c); });
        if (!r)
            qCInfo(lcSession) << "lock_session failed:" << r.error().code;
        Q_UNUSED(request);
    });
}

void Session::keepAlive()
{
    if (m_state != State::Unlocked)
        return;
    const int request = m_request;
    post([this, request](Worker& w) {
        Result<QDateTime> until = w.db.call([](pqxx::connection_base& c) { return unlock::keepAlive(c); });
        const bool reconnected = w.db.connectionGeneration() != w.unlockedGeneration;
        if (reconnected || !until || !until->isValid())
            w.ring.wipe();
        const bool lost = reconnected || !w.db.isOpen();
        const Error cause = until ? w.db.lostReason() : until.error();
        QMetaObject::invokeMethod(this, [this, until, reconnected, lost, cause, request] {
            if (request != m_request || m_state != State::Unlocked)
                return;
            if (until && until->isValid() && !reconnected) {
                m_expiresAt = until.value();
                return;
            }
            if (lost) {
                connectionLost(cause); // not the server's lock: the window and its edits stay for a reconnect
                return;
            }
            // The server no longer counts this session as unlocked (idle expiry, a reconnect, disabled).
            m_info.keys = ServerInfo::Keys::NotLoaded;
            setState(State::Locked,
                     { QStringLiteral("unlock.expired"),
                       until ? QCoreApplication::translate("art32::Session",
                                                           "The server locked this session. Enter a new code to go on.")
                             : until.error().message });
        });
    });
}

void Session::refresh()
{
    if (m_state == State::Failed || m_state == State::Disconnected) {
        open();
        return;
    }
    if (m_state == State::ConnectionLost) {
        reconnect();
        return;
    }
    if (m_state != State::Unlocked)
        return;
    const int request = m_request;
    post([this, request](Worker& w) {
        Result<ServerInfo> info
            = w.db.call([](pqxx::connection_base& c) { return loadServerInfo(c); }, Database::Retry::Idempotent);
        const bool reconnected = w.db.connectionGeneration() != w.unlockedGeneration;
        const int ringKek = w.ring.kekVersion(); // a rotation adds a version to the ring
        const bool lost = reconnected || !w.db.isOpen();
        const Error cause = info ? w.db.lostReason() : info.error();
        QMetaObject::invokeMethod(this, [this, info, lost, cause, request, ringKek] {
            if (request != m_request)
                return;
            if (lost) {
                // F5 after the server went away (or came back as a new session): say so, keep the window.
                connectionLost(cause.code.isEmpty() ? info.error() : cause);
                return;
            }
            if (!info) {
                setState(State::Failed, info.error());
                return;
            }
            const ServerInfo::Keys keys = m_info.keys;
            const int kek = m_info.kekVersion;
            const QString detail = m_info.keysDetail;
            m_info = info.value();
            m_info.keys = keys;
            m_info.kekVersion = ringKek ? ringKek : kek;
            m_info.keysDetail = detail;
            emit serverInfoChanged(m_info);
        });
    });
}

void Session::connectionLost(const Error& cause)
{
    if (m_state != State::Unlocked)
        return;
    m_info.keys = ServerInfo::Keys::NotLoaded;
    m_info.kekVersion = 0;
    m_expiresAt = QDateTime();
    const Error error = cause.code.isEmpty()
        ? Error { QStringLiteral("db.lost"),
                  QCoreApplication::translate("art32::Session", "The connection to the database was lost.") }
        : cause;
    qCInfo(lcSession) << m_profile.name << "connection lost:" << error.code;
    setState(State::ConnectionLost, error);
}

void Session::reconnect()
{
    if (m_state != State::ConnectionLost)
        return;
    const int request = ++m_request;
    setState(State::Connecting);
    post([this, request](Worker& w) {
        w.ring.wipe();
        w.unlockedGeneration = -1;
        w.db.close(); // a new server session, whatever the old connection's state
        const Result<WhoAmI> me
            = w.db.call([](pqxx::connection_base& c) { return unlock::whoami(c); }, Database::Retry::Idempotent);
        QMetaObject::invokeMethod(this, [this, me, request] {
            if (request != m_request)
                return;
            if (!me) {
                setState(State::ConnectionLost, me.error()); // still lost: the banner shows the new cause
                return;
            }
            m_admin = me.value();
            if (!m_admin.isAdmin() || m_admin.disabled || !m_admin.enrolled) {
                setState(State::Failed,
                         m_admin.disabled
                             ? Error { QStringLiteral("unlock.disabled"),
                                       UnlockOutcome { UnlockOutcome::Status::Disabled, {}, {} }.message() }
                             : Error { QStringLiteral("unlock.no_admin"),
                                       QCoreApplication::translate(
                                           "art32::Session",
                                           "This login is no longer an enrolled admin of this database.") });
                return;
            }
            // The server session that was unlocked is gone: a new code, then the window as it was.
            m_resuming = true;
            setState(State::Locked);
        });
    });
}

void Session::answerLater(QObject* owner, std::function<void()> answer)
{
    const int request = m_request;
    QPointer<QObject> guard(owner);
    QMetaObject::invokeMethod(
        this,
        [this, guard, request, answer = std::move(answer)] {
            if (request == m_request && guard)
                answer();
        },
        Qt::QueuedConnection);
}

void Session::close()
{
    ++m_request;
    post([](Worker& w) {
        w.ring.wipe();
        w.db.close();
    });
    setState(State::Disconnected);
}

void Session::enqueue(QObject* owner, std::function<std::function<void()>(Services&)> job, bool keysChecked)
{
    Q_ASSERT(owner);
    const int request = m_request;
    const bool unlocked = m_state == State::Unlocked;
    QPointer<QObject> guard(owner);
    post([this, guard, job = std::move(job), request, keysChecked, unlocked, login = m_admin.login,
          publicKey = m_admin.publicKey](Worker& w) mutable {
        // A key ring that went stale under this session (another CTO's rotation) is reloaded before the work runs:
        // writing with a retired version would be refused, and a search with it finds nothing.
        if (!keysChecked && w.ring.hasKek()) {
            const auto now = w.db.call([](pqxx::connection_base& c) { return rotation::usableVersions(c); });
            if (now && now.value() != w.versionsAtLoad) {
                QMetaObject::invokeMethod(this, [this, guard, job, request] {
                    if (request != m_request || !guard)
                        return;
                    reloadKeys([this, guard, job] {
                        if (guard)
                            enqueue(guard, job, true);
                    });
                });
                return;
            }
        }
        Services services(w.db, w.ring, login, publicKey);
        std::function<void()> reply = job(services);
        // The connection broke during the work, or the work reconnected to a server session nobody unlocked.
        const bool lost = unlocked && (!w.db.isOpen() || w.db.connectionGeneration() != w.unlockedGeneration);
        const Error cause = w.db.lostReason();
        QMetaObject::invokeMethod(this, [this, guard, reply = std::move(reply), request, lost, cause] {
            // guard is read here, on the thread that deletes owners.
            if (request == m_request && guard)
                reply(); // first: the view shows its own error and keeps its input
            if (lost && request == m_request)
                connectionLost(cause);
        });
    });
}

void Session::reloadKeys(std::function<void()> then)
{
    const int request = m_request;
    m_keychain->read(
        m_profile.privateKeyKey(),
        [this, request, then](Keychain::Reply reply) {
            if (request != m_request)
                return;
            auto privateKey = std::make_shared<SecureBytes>(SecureBytes::fromByteArray(reply.secret));
            wipe(reply.secret);
            const bool found = reply.ok();
            const QByteArray publicKey = m_admin.publicKey;
            post([this, privateKey, found, publicKey, request, then](Worker& w) {
                const Result<void> loaded = found ? w.loadRing(publicKey, *privateKey)
                                                  : Result<void>(Error { QStringLiteral("keychain.missing"), {} });
                privateKey->clear();
                const int kek = w.ring.kekVersion();
                qCInfo(lcSession) << "key ring reloaded after a rotation:"
                                  << (loaded ? QStringLiteral("ok") : loaded.error().code);
                QMetaObject::invokeMethod(this, [this, request, then, loaded, kek] {
                    if (request != m_request)
                        return;
                    if (loaded) {
                        m_info.kekVersion = kek;
                        emit serverInfoChanged(m_info);
                        emit keysReloaded(QCoreApplication::translate(
                            "art32::Session",
                            "Another CTO rotated the keys: the console reloaded the keys sealed to you."));
                    } else {
                        m_info.keys = ServerInfo::Keys::OpenFailed;
                        m_info.keysDetail = loaded.error().message;
                        emit serverInfoChanged(m_info);
                    }
                    then();
                });
            });
        },
        this);
}

void Session::enroll(std::shared_ptr<Enrollment> enrollment, const QString& code)
{
    if (m_state != State::NeedsEnrollment)
        return;
    if (auto checked = enrollment->checkCode(code, Clock::system()); !checked) {
        emit enrollmentFinished(checked.error());
        return;
    }
    // The private key goes to the keychain first (asynchronously, here), then the server learns the public
    // key and the TOTP secret.
    m_keychain->write(
        m_profile.privateKeyKey(), enrollment->privateKey().view(),
        [this, enrollment, code](Keychain::Reply stored) {
            if (!stored.ok()) {
                emit enrollmentFinished({ QStringLiteral("keychain.write"), stored.message });
                return;
            }
            post([this, enrollment, code](Worker& w) {
                const Result<void> r = w.db.call([&](pqxx::connection_base& c) { return enrollment->submit(c, code); });
                const Result<WhoAmI> me = r ? w.db.call([](pqxx::connection_base& c) { return unlock::whoami(c); })
                                            : Result<WhoAmI>(r.error());
                QMetaObject::invokeMethod(this, [this, r, me] {
                    if (!r) {
                        emit enrollmentFinished(r.error());
                        return;
                    }
                    if (me)
                        m_admin = me.value();
                    setState(State::Locked);
                    emit enrollmentFinished(Error {});
                });
            });
        },
        this);
}

} // namespace art32
