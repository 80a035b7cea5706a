#include "store/Session.h"

#include "core/Logging.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <pqxx/transaction>

namespace art32 {
namespace {

Result<ServerInfo> loadServerInfo(Database& db)
{
    auto loaded = db.run(
        [](pqxx::connection& conn) -> Result<ServerInfo> {
            ServerInfo info;
            {
                pqxx::read_transaction tx(conn);
                const pqxx::result r = tx.exec_params(
                    "SELECT current_setting('server_version'), session_user::text, current_database()::text, "
                    "       pg_backend_pid(), "
                    "       COALESCE((SELECT g.rolname::text FROM pg_auth_members m "
                    "                 JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                    "                 WHERE u.rolname = session_user AND g.rolname = ANY($1::text[]) LIMIT 1), '')",
                    "{art32_cto,art32_sysadmin,art32_auditor}");
                const pqxx::row row = r[0];
                // "15.20 (Debian 15.20-0+deb12u1)": the number is what people compare.
                info.serverVersion = QString::fromStdString(row[0].as<std::string>()).section(QLatin1Char(' '), 0, 0);
                info.sessionUser = QString::fromStdString(row[1].as<std::string>());
                info.database = QString::fromStdString(row[2].as<std::string>());
                info.backendPid = row[3].as<int>();
                info.groupRole = QString::fromStdString(row[4].as<std::string>());
            }
            auto schema = Migrator().status(conn);
            if (!schema)
                return schema.error();
            info.schema = schema.value();
            info.schemaKnown = true;
            return info;
        },
        Database::Retry::Idempotent);
    if (!loaded)
        return loaded.error();
    return std::move(loaded).value();
}

} // namespace

Session::Session(Profile profile, Keychain* keychain, QObject* parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_keychain(keychain)
{
    qRegisterMetaType<art32::ServerInfo>();
    m_thread.setObjectName(QStringLiteral("art32-db"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Session::~Session()
{
    // The Database must die on its own thread; queue that, then stop the thread.
    QMetaObject::invokeMethod(m_worker, [db = std::move(m_database)]() mutable { db.reset(); });
    m_thread.quit();
    m_thread.wait();
}

QString Session::describe(State state)
{
    switch (state) {
    case State::Disconnected:
        return tr("Not connected");
    case State::ReadingKeychain:
        return tr("Reading the keychain…");
    case State::Connecting:
        return tr("Connecting…");
    case State::Connected:
        return tr("Connected");
    case State::Failed:
        return tr("Connection failed");
    }
    Q_UNREACHABLE();
}

void Session::setState(State state, const Error& error)
{
    m_error = error;
    if (m_state == state && error.code.isEmpty())
        return;
    m_state = state;
    emit stateChanged(state);
}

void Session::open()
{
    const int request = ++m_request;
    setState(State::ReadingKeychain);
    m_keychain->read(m_profile.passwordKey(), [this, request](Keychain::Reply reply) {
        if (request != m_request)
            return;
        if (!reply.ok()) {
            setState(State::Failed, { QStringLiteral("keychain.read"), reply.message });
            return;
        }
        auto password = std::make_shared<SecureBytes>(SecureBytes::fromByteArray(reply.secret));
        wipe(reply.secret);
        startWorker(std::move(password));
    });
}

void Session::refresh()
{
    if (m_state == State::ReadingKeychain || m_state == State::Connecting)
        return;
    if (!m_database) {
        open();
        return;
    }
    startWorker(nullptr);
}

void Session::close()
{
    ++m_request;
    QMetaObject::invokeMethod(m_worker, [db = std::move(m_database)]() mutable { db.reset(); });
    setState(State::Disconnected);
}

void Session::startWorker(std::shared_ptr<SecureBytes> password)
{
    const int request = ++m_request;
    setState(State::Connecting);
    if (!m_database)
        m_database = std::make_shared<Database>(m_profile);
    std::shared_ptr<Database> db = m_database;
    QMetaObject::invokeMethod(m_worker, [this, db, password, request]() {
        Result<ServerInfo> result = Error {};
        if (password) {
            auto opened = db->open(std::move(*password));
            password->clear();
            result = opened ? loadServerInfo(*db) : Result<ServerInfo>(opened.error());
        } else {
            result = loadServerInfo(*db);
        }
        QMetaObject::invokeMethod(this, [this, result, request]() {
            if (request == m_request)
                finished(result);
        });
    });
}

void Session::finished(const Result<ServerInfo>& result)
{
    if (!result) {
        setState(State::Failed, result.error());
        return;
    }
    m_info = result.value();
    setState(State::Connected);
    emit serverInfoChanged(m_info);
}

} // namespace art32
