#include "auth/Unlock.h"

#include "core/TimeFormat.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <QLocale>
#include <pqxx/binarystring>
#include <pqxx/transaction>

namespace art32 {
QString UnlockOutcome::message() const
{
    const QString until = timefmt::timeOfDay(lockedUntil);
    switch (status) {
    case Status::Ok:
        return QCoreApplication::translate("art32::Unlock", "Unlocked.");
    case Status::Wrong:
        if (lockedUntil.isValid())
            return QCoreApplication::translate(
                       "art32::Unlock", "Wrong code. Too many wrong codes in a row: this admin is locked until %1.")
                .arg(until);
        return QCoreApplication::translate(
            "art32::Unlock",
            "Wrong code. Check that your authenticator shows the code for this account and try again.");
    case Status::Replayed:
        return QCoreApplication::translate(
            "art32::Unlock",
            "This code has been used already. Wait for the next code (a new one comes every 30 seconds).");
    case Status::Locked:
        return QCoreApplication::translate("art32::Unlock", "Too many wrong codes: this admin is locked until %1.")
            .arg(until);
    case Status::Disabled:
        return QCoreApplication::translate("art32::Unlock", "This admin account is disabled. Ask a CTO to enable it.");
    case Status::NotEnrolled:
        return QCoreApplication::translate(
            "art32::Unlock", "This login is not enrolled yet: enroll it first (key pair and authenticator).");
    }
    Q_UNREACHABLE();
}

namespace unlock {

Result<WhoAmI> whoami(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<WhoAmI> {
        pqxx::work tx(conn);
        const pqxx::result r = tx.exec("SELECT login, display_name, role, enrolled, disabled, public_key "
                                       "FROM art32.whoami()");
        tx.commit();
        WhoAmI me;
        if (r.empty() || r[0][0].is_null())
            return me;
        me.login = QString::fromStdString(r[0][0].as<std::string>());
        me.displayName = QString::fromStdString(r[0][1].as<std::string>());
        me.role = roleFromKey(QString::fromStdString(r[0][2].as<std::string>()));
        me.enrolled = r[0][3].as<bool>();
        me.disabled = r[0][4].as<bool>();
        if (!r[0][5].is_null())
            me.publicKey = pgwire::bytes(r[0][5]);
        return me;
    });
}

Result<UnlockOutcome> unlockSession(pqxx::connection_base& conn, const QString& code)
{
    return Database::guarded([&]() -> Result<UnlockOutcome> {
        {
            // The attempt, its audit row and the failure count are committed whatever the outcome; the
            // server tells the outcome only afterwards (a rolled-back attempt would learn nothing).
            pqxx::work tx(conn);
            tx.exec_params("SELECT art32.unlock_session($1)", code.trimmed().toStdString());
            tx.commit();
        }
        pqxx::read_transaction tx(conn);
        const pqxx::row row = tx.exec("SELECT status, extract(epoch FROM locked_until)::float8, "
                                      "extract(epoch FROM expires_at)::float8 FROM art32.unlock_outcome()")[0];
        UnlockOutcome out;
        const std::string status = row[0].as<std::string>();
        if (status == "ok")
            out.status = UnlockOutcome::Status::Ok;
        else if (status == "replayed")
            out.status = UnlockOutcome::Status::Replayed;
        else if (status == "locked")
            out.status = UnlockOutcome::Status::Locked;
        else if (status == "disabled")
            out.status = UnlockOutcome::Status::Disabled;
        else if (status == "not_enrolled")
            out.status = UnlockOutcome::Status::NotEnrolled;
        else
            out.status = UnlockOutcome::Status::Wrong;
        out.lockedUntil = pgwire::epochTime(row[1]);
        out.expiresAt = pgwire::epochTime(row[2]);
        return out;
    });
}

Result<bool> isUnlocked(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<bool> {
        pqxx::read_transaction tx(conn);
        return tx.exec("SELECT art32.session_is_unlocked()")[0][0].as<bool>();
    });
}

Result<void> lockSession(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec("SELECT art32.lock_session()");
        tx.commit();
        return {};
    });
}

Result<QDateTime> keepAlive(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QDateTime> {
        pqxx::work tx(conn);
        const pqxx::row row = tx.exec("SELECT extract(epoch FROM art32.keep_alive())::float8")[0];
        tx.commit();
        return pgwire::epochTime(row[0]);
    });
}

Result<TriesLeft> triesLeft(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<TriesLeft> {
        pqxx::read_transaction tx(conn);
        const pqxx::row row = tx.exec("SELECT tries_left, extract(epoch FROM locked_until)::float8, lock_minutes "
                                      "FROM art32.unlock_tries_left()")[0];
        TriesLeft out;
        out.tries = row[0].is_null() ? -1 : row[0].as<int>();
        out.lockedUntil = pgwire::epochTime(row[1]);
        out.lockMinutes = row[2].is_null() ? 0 : row[2].as<int>();
        return out;
    });
}

Result<int> adminsLockedOut(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<int> {
        pqxx::read_transaction tx(conn);
        return tx.exec("SELECT art32.admins_locked_out()")[0][0].as<int>();
    });
}

} // namespace unlock
} // namespace art32
