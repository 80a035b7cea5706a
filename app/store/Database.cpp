#include "store/Database.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <libpq-fe.h>
#include <poll.h>
#include <pqxx/transaction>
#include <sodium.h>
#include <vector>

namespace art32 {
namespace {

QString firstLine(const char* what)
{
    return QString::fromUtf8(what).section(QLatin1Char('\n'), 0, 0).trimmed();
}

thread_local const char* tPassword = nullptr;

/** A failed connect, classified by libpq's codes (the server's SQLSTATE, PQping), not by its translated text. */
class ConnectFailure : public pqxx::broken_connection
{
public:
    enum class Kind {
        NoServer, ///< nothing answers at that address or socket (or not in time)
        Starting, ///< the server is starting up, shutting down or in recovery
        NeedsPassword, ///< the server asked for a password and none was given
        Refused, ///< the server answered and refused this session: see the SQLSTATE
        BadParameters, ///< libpq could not even use the parameters
    };
    ConnectFailure(const std::string& what, Kind kind, std::string sqlstate)
        : pqxx::broken_connection(what)
        , kind(kind)
        , sqlstate(std::move(sqlstate))
    { }
    const Kind kind;
    const std::string sqlstate; ///< the server's, when it sent one
};

ConnectFailure::Kind kindOfPing(PGPing ping)
{
    switch (ping) {
    case PQPING_OK:
        return ConnectFailure::Kind::Refused;
    case PQPING_REJECT:
        return ConnectFailure::Kind::Starting;
    case PQPING_NO_RESPONSE:
        return ConnectFailure::Kind::NoServer;
    case PQPING_NO_ATTEMPT:
        break;
    }
    return ConnectFailure::Kind::BadParameters;
}

struct Verbose
{
    std::string sqlstate; ///< empty when no server error is in the message
    std::string message; ///< the message without the code
};

/**
 * libpq's verbose form puts the server's SQLSTATE right after the (translated) severity:
 * `...: FATAL:  28P01: password authentication failed ...`. The last one found is the last host's.
 */
Verbose splitVerbose(const std::string& message)
{
    Verbose out { {}, message };
    for (std::size_t at = message.find(":  "); at != std::string::npos; at = message.find(":  ", at + 1)) {
        const std::size_t code = at + 3;
        if (message.size() < code + 7 || message.compare(code + 5, 2, ": ") != 0)
            continue;
        const bool plausible = std::all_of(message.begin() + code, message.begin() + code + 5,
                                           [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
        if (plausible) {
            out.sqlstate = message.substr(code, 5);
            out.message = message.substr(0, code) + message.substr(code + 7);
        }
    }
    return out;
}

/**
 * PQconnectdbParams, but with verbose errors from the start, so a refusal during the connect carries its
 * SQLSTATE (libpq has no other way to give it). One host: polls, waiting at most connect_timeout, as libpq does.
 * Several hosts: libpq alone knows how to move on to the next host after a timeout, so the connect only started
 * here (no byte sent yet) is handed to libpq's own blocking connect, PQreset, which keeps the verbosity.
 */
PGconn* connectVerbose(const char* const* keys, const char* const* values, int timeoutSeconds, bool severalHosts,
                       bool& timedOut)
{
    PGconn* conn = PQconnectStartParams(keys, values, 0);
    if (!conn)
        throw std::bad_alloc();
    PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
    if (severalHosts && PQstatus(conn) != CONNECTION_BAD) {
        PQreset(conn);
        return conn;
    }
    if (timeoutSeconds > 0 && timeoutSeconds < 2)
        timeoutSeconds = 2; // libpq's minimum
    PostgresPollingStatusType state = PQstatus(conn) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
    while ((state == PGRES_POLLING_READING || state == PGRES_POLLING_WRITING) && PQsocket(conn) >= 0) {
        pollfd wait { PQsocket(conn), static_cast<short>(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0 };
        const int ready = poll(&wait, 1, timeoutSeconds > 0 ? timeoutSeconds * 1000 : -1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0) {
            timedOut = true;
            break;
        }
        state = PQconnectPoll(conn);
    }
    return conn;
}

} // namespace

SecretConnect::SecretConnect(const std::string& conninfoWithoutPassword)
    : pqxx::connectionpolicy(conninfoWithoutPassword)
{ }

void SecretConnect::setPassword(const char* password)
{
    tPassword = password;
}

SecretConnect::handle SecretConnect::do_startconnect(handle orig)
{
    if (orig)
        return orig;
    char* parseError = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(options().c_str(), &parseError);
    if (!parsed) {
        const std::string why = parseError ? parseError : "out of memory";
        PQfreemem(parseError);
        throw ConnectFailure(why, ConnectFailure::Kind::BadParameters, {});
    }
    std::vector<const char*> keys;
    std::vector<const char*> values;
    int timeoutSeconds = 0;
    bool severalHosts = false;
    for (const PQconninfoOption* o = parsed; o->keyword; ++o) {
        if (o->val && std::strcmp(o->keyword, "password") != 0) {
            keys.push_back(o->keyword);
            values.push_back(o->val);
            if (std::strcmp(o->keyword, "connect_timeout") == 0)
                timeoutSeconds = std::atoi(o->val);
            if ((std::strcmp(o->keyword, "host") == 0 || std::strcmp(o->keyword, "hostaddr") == 0)
                && std::strchr(o->val, ','))
                severalHosts = true;
        }
    }
    std::vector<const char*> connectKeys = keys;
    std::vector<const char*> connectValues = values;
    if (tPassword) {
        connectKeys.push_back("password");
        connectValues.push_back(tPassword);
    }
    for (auto* list : { &keys, &values, &connectKeys, &connectValues })
        list->push_back(nullptr);
    bool timedOut = false;
    PGconn* conn = connectVerbose(connectKeys.data(), connectValues.data(), timeoutSeconds, severalHosts, timedOut);
    if (PQstatus(conn) != CONNECTION_OK) {
        Verbose failed = splitVerbose(PQerrorMessage(conn));
        if (timedOut) { // after libpq's "connection to server at ... failed:"
            while (!failed.message.empty() && std::isspace(static_cast<unsigned char>(failed.message.back())))
                failed.message.pop_back();
            failed.message += " timeout expired";
        }
        ConnectFailure::Kind kind = ConnectFailure::Kind::Refused;
        if (timedOut)
            kind = ConnectFailure::Kind::NoServer;
        else if (failed.sqlstate == "57P03")
            kind = ConnectFailure::Kind::Starting;
        else if (failed.sqlstate.empty() && PQconnectionNeedsPassword(conn))
            kind = ConnectFailure::Kind::NeedsPassword;
        else if (failed.sqlstate.empty())
            kind = kindOfPing(PQpingParams(keys.data(), values.data(), 0)); // the same server, no password needed
        PQfinish(conn);
        PQconninfoFree(parsed);
        throw ConnectFailure(failed.message, kind, failed.sqlstate);
    }
    PQconninfoFree(parsed);
    PQsetErrorVerbosity(conn, PQERRORS_DEFAULT); // libpqxx's errors read as before
    return conn;
}

SecretConnect::handle SecretConnect::do_completeconnect(handle orig)
{
    if (!orig)
        orig = do_startconnect(orig);
    return orig;
}

Database::Database(Profile profile)
    : m_profile(std::move(profile))
{ }

Database::~Database() = default;

Result<void> Database::open(SecureBytes password)
{
    // One guarded copy with a terminating NUL, which libpq reads the password from.
    m_password = SecureBytes(password.size() + 1);
    if (password.size())
        memcpy(m_password.data(), password.data(), password.size());
    m_password.data()[password.size()] = 0;
    password.clear();
    m_usePassword = true;
    close();
    return connect();
}

Result<void> Database::openWithoutPassword()
{
    m_password.clear();
    m_usePassword = false;
    close();
    return connect();
}

void Database::close()
{
    m_conn.reset();
}

bool Database::isOpen() const
{
    return m_conn && m_conn->is_open();
}

Result<void> Database::connect()
{
    m_conn.reset();
    if (auto valid = m_profile.validateConnection(); !valid)
        return valid.error();
    // The password goes to libpq on its own (SecretConnect), never into a connection string.
    SecretConnect::setPassword(m_usePassword ? reinterpret_cast<const char*>(m_password.data()) : nullptr);
    try {
        m_conn = std::make_unique<Connection>(m_profile.connectionString());
    } catch (const std::exception& e) {
        SecretConnect::setPassword(nullptr);
        qCInfo(lcStore) << "connect failed for profile" << m_profile.name << ":" << firstLine(e.what());
        return describe(e);
    }
    SecretConnect::setPassword(nullptr);
    ++m_generation;
    qCDebug(lcStore) << "connected profile" << m_profile.name << "backend" << m_conn->backendpid();
    if (m_onConnected) {
        try {
            m_onConnected(*m_conn);
        } catch (const std::exception& e) {
            m_conn.reset();
            return describe(e);
        }
    }
    return {};
}

bool Database::isBroken(const std::exception& e)
{
    return dynamic_cast<const pqxx::broken_connection*>(&e) || dynamic_cast<const pqxx::in_doubt_error*>(&e);
}

std::string Database::sqlstate(const std::exception& e)
{
    if (auto* connect = dynamic_cast<const ConnectFailure*>(&e))
        return connect->sqlstate;
    if (auto* sql = dynamic_cast<const pqxx::sql_error*>(&e); sql && !sql->sqlstate().empty())
        return sql->sqlstate();
    // libpqxx 6 picks these classes by the SQLSTATE but does not keep the code with them (the last three are no
    // sql_error at all).
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&e))
        return "42501";
    if (dynamic_cast<const pqxx::serialization_failure*>(&e))
        return "40001";
    if (dynamic_cast<const pqxx::deadlock_detected*>(&e))
        return "40P01";
    if (dynamic_cast<const pqxx::too_many_connections*>(&e))
        return "53300";
    return {};
}

Error Database::describe(const std::exception& e)
{
    const QString detail = firstLine(e.what());
    const std::string state = sqlstate(e);
    if (auto* connect = dynamic_cast<const ConnectFailure*>(&e)) {
        using Kind = ConnectFailure::Kind;
        if (connect->kind == Kind::BadParameters)
            return { QStringLiteral("db.other"),
                     QCoreApplication::translate("art32::Database", "Database error: %1").arg(detail) };
        if (connect->kind == Kind::NoServer)
            return { QStringLiteral("db.unreachable"),
                     QCoreApplication::translate(
                         "art32::Database",
                         "The database server cannot be reached. Check that it is running and that the profile's "
                         "host and port are right. (%1)")
                         .arg(detail) };
        if (connect->kind == Kind::Starting)
            return { QStringLiteral("db.unreachable"),
                     QCoreApplication::translate(
                         "art32::Database",
                         "The database server is starting up or shutting down. Try again in a moment. (%1)")
                         .arg(detail) };
        // Class 28: invalid authorization (28P01 a wrong password; 28000 also for a role that may not log in).
        if (connect->kind == Kind::NeedsPassword || state.rfind("28", 0) == 0)
            return { QStringLiteral("db.auth"),
                     QCoreApplication::translate(
                         "art32::Database",
                         "The database refused the login for this profile (wrong user name or password).") };
        if (state.rfind("53", 0) != 0)
            return {
                state == "3D000" ? QStringLiteral("db.missing") : QStringLiteral("db.refused"),
                QCoreApplication::translate("art32::Database", "The database refused the connection: %1").arg(detail)
            };
        // Class 53 (e.g. too many connections) falls through to the resource errors below.
    } else if (dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
        return { QStringLiteral("db.lost"),
                 QCoreApplication::translate(
                     "art32::Database",
                     "The connection was lost while saving; the change may or may not have been stored. Reload "
                     "before trying again.") };
    } else if (dynamic_cast<const pqxx::broken_connection*>(&e) && state.empty()) {
        return {
            QStringLiteral("db.lost"),
            QCoreApplication::translate("art32::Database", "The connection to the database was lost. (%1)").arg(detail)
        };
    }

    if (state == "42501")
        return { QStringLiteral("db.denied"),
                 QCoreApplication::translate("art32::Database", "The database refused this action for your role. (%1)")
                     .arg(detail) };
    if (state == "40001" || state == "40P01")
        return { QStringLiteral("db.conflict"),
                 QCoreApplication::translate("art32::Database",
                                             "The database broke off this action because another one got in its "
                                             "way; it was not carried out. Try again. (%1)")
                     .arg(detail) };
    if (state == "53100")
        return { QStringLiteral("db.full"),
                 QCoreApplication::translate("art32::Database",
                                             "The disk of the database server is full, so the change was not stored. "
                                             "Free space there (the server's log says which file system), then try "
                                             "again. (%1)")
                     .arg(detail) };
    if (state.rfind("53", 0) == 0)
        return { QStringLiteral("db.busy"),
                 QCoreApplication::translate("art32::Database",
                                             "The database server is short of memory or connections. Try again "
                                             "later. (%1)")
                     .arg(detail) };
    // Integrity constraints and data exceptions: a value the schema does not take (an over-long reason or name, a
    // number out of range). The server's text names the constraint; the sentence before it says what happened.
    if (state == "23514" || state == "22001" || state == "22003" || state == "23502")
        return { QStringLiteral("db.invalid"),
                 QCoreApplication::translate("art32::Database",
                                             "The database did not take a value: it is too long, too short or out of "
                                             "range (a grant's reason has 5 to 500 characters, a name at most 200). "
                                             "Nothing was changed. (%1)")
                     .arg(detail) };
    if (state == "22023" || state == "22P02")
        return { QStringLiteral("db.invalid"),
                 QCoreApplication::translate("art32::Database", "The database refused a value: %1").arg(detail) };
    if (state == "23505" || state == "42710")
        return {
            QStringLiteral("db.exists"),
            QCoreApplication::translate("art32::Database", "This exists already; nothing was changed. (%1)").arg(detail)
        };
    if (state == "23503")
        return { QStringLiteral("db.missing_reference"),
                 QCoreApplication::translate("art32::Database",
                                             "This refers to something that does not exist (an account or admin "
                                             "that is not there); nothing was changed. (%1)")
                     .arg(detail) };
    if (state == "P0002")
        return { QStringLiteral("db.not_found"),
                 QCoreApplication::translate("art32::Database", "Not found: %1").arg(detail) };
    // program_limit_exceeded: raised by the migrations for a limit, e.g. a sysadmin's searches an hour; the
    // server's text says which.
    if (state == "54000")
        return { QStringLiteral("db.limit"),
                 QCoreApplication::translate("art32::Database", "The database refused this: a limit was reached. (%1)")
                     .arg(detail) };
    if (!state.empty() || dynamic_cast<const pqxx::sql_error*>(&e))
        return { QStringLiteral("db.sql"),
                 QCoreApplication::translate("art32::Database", "The database reported an error: %1 (SQLSTATE %2)")
                     .arg(detail, QString::fromStdString(state)) };
    return { QStringLiteral("db.other"),
             QCoreApplication::translate("art32::Database", "Database error: %1").arg(detail) };
}

} // namespace art32
