#include "SecuritySupport.h"

#include "auth/Unlock.h"

#include <pqxx/nontransaction>

namespace art32::test {

std::string stateOf(const pqxx::sql_error& e)
{
    if (const std::string known = Database::sqlstate(e); !known.empty())
        return known;
    // libpqxx 6 leaves sqlstate() empty for some classes; in verbose mode (see verbose()) libpq puts the code after the
    // severity: "ERROR:  42501: permission denied ...".
    const std::string what = e.what();
    const std::size_t at = what.find(":  ");
    if (at != std::string::npos && what.size() >= at + 8 && what[at + 8] == ':')
        return what.substr(at + 3, 5);
    return "sql-error";
}

namespace {

/** Error messages with their SQLSTATE (stateOf reads it from there). */
void verbose(pqxx::connection_base& c)
{
    c.set_verbosity(pqxx::connection_base::verbose);
}

} // namespace

std::unique_ptr<Database> loginAs(const TestAdmin& admin, Keychain& keychain)
{
    auto db = std::make_unique<Database>(admin.profile);
    Keychain::Reply pw = keychain.readNow(admin.profile.passwordKey());
    const bool ok = db->open(SecureBytes::fromByteArray(pw.secret)).ok();
    wipe(pw.secret);
    return ok ? std::move(db) : nullptr;
}

std::unique_ptr<Database> loginAs(const QString& database, const QString& role, const std::string& password)
{
    Profile p = superuserProfile(database);
    p.name = role;
    p.user = role;
    auto db = std::make_unique<Database>(p);
    SecureBytes pw(password.size());
    memcpy(pw.data(), password.data(), password.size());
    return db->open(std::move(pw)).ok() ? std::move(db) : nullptr;
}

bool unlockWith(Database& db, const TestAdmin& admin, qint64 offset)
{
    auto outcome = db.call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, codeFor(admin, offset)); });
    return outcome && outcome->ok();
}

std::unique_ptr<Database> unlockedAs(const QString& database, const TestAdmin& admin, Keychain& keychain,
                                     qint64& offset)
{
    offset += 60;
    setServerClockOffset(database, offset);
    auto db = loginAs(admin, keychain);
    if (!db || !unlockWith(*db, admin, offset))
        return nullptr;
    return db;
}

std::string sqlstate(Database& db, const std::string& sql)
{
    std::string state = "db-error";
    db.run([&](pqxx::connection_base& c) {
        verbose(c);
        try {
            pqxx::nontransaction tx(c);
            tx.exec(sql);
            state.clear();
        } catch (const pqxx::sql_error& e) {
            state = stateOf(e);
        }
    });
    return state;
}

std::optional<std::string> scalar(Database& db, const std::string& sql)
{
    std::optional<std::string> value;
    db.run([&](pqxx::connection_base& c) {
        try {
            pqxx::nontransaction tx(c);
            const pqxx::result r = tx.exec(sql);
            if (!r.empty() && !r[0][0].is_null())
                value = r[0][0].as<std::string>();
            else if (!r.empty())
                value = std::string();
        } catch (const pqxx::sql_error&) { }
    });
    return value;
}

std::optional<long long> rowsOf(Database& db, const std::string& sql)
{
    std::optional<long long> n;
    db.run([&](pqxx::connection_base& c) {
        try {
            pqxx::nontransaction tx(c);
            n = static_cast<long long>(tx.exec(sql).size());
        } catch (const pqxx::sql_error&) { }
    });
    return n;
}

std::string literal(const std::string& value)
{
    std::string out = "'";
    for (char c : value) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    return out + "'";
}

} // namespace art32::test
