#include "demo/DemoProvisioner.h"

#include "auth/Enrollment.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "crypto/Keys.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "records/Seeder.h"
#include "store/Database.h"
#include "store/Passwords.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QThread>
#include <array>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

namespace art32 {
namespace {

/** Sets a role's password from a verifier computed on the client. ALTER ROLE takes no bind parameters; the
 * verifier is quoted by libpqxx. */
void setRolePassword(pqxx::connection_base& conn, const std::string& role, const SecureBytes& password)
{
    auto verifier = scramVerifier(role, password);
    if (!verifier)
        throw std::runtime_error(verifier.error().message.toStdString());
    pqxx::nontransaction tx(conn);
    tx.exec("ALTER ROLE " + tx.quote_name(role) + " PASSWORD " + tx.quote(verifier.value()));
}

/** Reads a keychain entry into guarded memory; NotFound gives an empty value, other failures an error. */
Result<SecureBytes> readOptional(Keychain& keychain, const QString& key)
{
    Keychain::Reply r = keychain.readNow(key);
    if (r.status == Keychain::Status::NotFound)
        return SecureBytes();
    if (!r.ok())
        return Error { QStringLiteral("keychain.read"), r.message };
    SecureBytes value = SecureBytes::fromByteArray(r.secret);
    wipe(r.secret);
    return value;
}

Result<void> writeSecret(Keychain& keychain, const QString& key, const SecureBytes& value)
{
    const Keychain::Reply r = keychain.writeNow(key, value.view());
    if (!r.ok())
        return Error { QStringLiteral("keychain.write"), r.message };
    return {};
}

/**
 * The code of the step before this one. The server takes a code from one step back (clock drift), and a code
 * the authenticator no longer shows is one the person at the keyboard will never type: the demo's own enrollment
 * and unlock use those, so the first codes a newcomer types after "demo up" are not "used already".
 */
QString pastCode(const SecureBytes& totpSecret)
{
    return Totp::codeAt(totpSecret, Clock::system().secondsSinceEpoch() - Totp::kStep).value();
}

/**
 * Unlocks a demo admin's connection with a past step's code only. Right after its enrollment (which used the
 * previous step's code) that one is spent, so it waits for the next step, when this step's code becomes the past
 * one: at most one step (30 s), and never a code the user's authenticator shows now or next.
 */
Result<void> unlockDemo(Database& db, const SecureBytes& totpSecret, const DemoCluster::Progress& progress)
{
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto r = db.run([&](pqxx::connection_base& c) { return unlock::unlockSession(c, pastCode(totpSecret)); });
        if (!r)
            return r.error();
        if (!r.value())
            return r.value().error();
        if (r.value()->ok())
            return {};
        if (r.value()->status != UnlockOutcome::Status::Replayed)
            return Error { QStringLiteral("demo.unlock"), r.value()->message() };
        const qint64 now = Clock::system().secondsSinceEpoch();
        const int wait = static_cast<int>(Totp::kStep - now % Totp::kStep) + 1;
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster",
                                                 "Waiting %1 s for a demo code your authenticator no longer shows, so "
                                                 "the codes you type stay unused")
                         .arg(wait));
        QThread::sleep(static_cast<unsigned long>(wait));
    }
    return Error { QStringLiteral("demo.unlock"), UnlockOutcome { UnlockOutcome::Status::Replayed, {}, {} }.message() };
}

} // namespace

DemoProvisioner::DemoProvisioner(const DemoCluster& cluster)
    : m_cluster(cluster)
{ }

Profile DemoProvisioner::maintenance() const
{
    return m_cluster.maintenanceProfile(QLatin1String(DemoCluster::kDatabase));
}

Result<void> DemoProvisioner::provision(ProfileStore& profiles, Keychain& keychain,
                                        const DemoCluster::Progress& progress, const DemoCluster::Enrolled& enrolled)
{
    Database postgres(m_cluster.maintenanceProfile(QStringLiteral("postgres")));
    if (auto r = postgres.openWithoutPassword(); !r)
        return r.error();
    auto created = postgres.run([](pqxx::connection_base& conn) {
        pqxx::nontransaction tx(conn);
        if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", std::string(DemoCluster::kDatabase)).empty())
            tx.exec("CREATE DATABASE " + tx.quote_name(DemoCluster::kDatabase));
    });
    if (!created)
        return created.error();
    postgres.close();

    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "Migrating the demo database"));
    Database maint(maintenance());
    if (auto r = maint.openWithoutPassword(); !r)
        return r.error();
    auto migrated = maint.call([&](pqxx::connection_base& conn) {
        return Migrator().migrate(conn, [&](int done, int total, const Migration& m) {
            if (progress)
                progress(QCoreApplication::translate("art32::DemoCluster", "Applied migration %1 (%2 of %3)")
                             .arg(m.label())
                             .arg(done)
                             .arg(total));
        });
    });
    if (!migrated) {
        qCWarning(lcDemo) << "migrating the demo database failed:" << migrated.error().code;
        return migrated.error();
    }
    qCInfo(lcDemo) << "demo database at schema version" << migrated->current;

    for (const DemoCluster::DemoAdmin& admin : DemoCluster::kAdmins) {
        if (auto r = ensureAdmin(admin, profiles, keychain, progress, enrolled); !r)
            return r;
    }
    return ensureKeys(keychain, progress);
}

std::optional<SchemaStatus> DemoProvisioner::schema() const
{
    Database db(maintenance());
    if (!db.openWithoutPassword())
        return std::nullopt;
    auto schema = db.call([](pqxx::connection_base& c) { return Migrator().status(c); });
    if (schema)
        return schema.value();
    return std::nullopt;
}

Result<void> DemoProvisioner::ensureAdmin(const DemoCluster::DemoAdmin& admin, ProfileStore& profiles,
                                          Keychain& keychain, const Progress& progress, const Enrolled& enrolled)
{
    const QString login = QLatin1String(admin.login);
    const Profile p = m_cluster.profile(login);

    auto password = readOptional(keychain, p.passwordKey());
    if (!password)
        return password.error();
    if (password->isEmpty()) {
        password = randomPassword();
        if (auto r = writeSecret(keychain, p.passwordKey(), password.value()); !r)
            return r;
    }

    Database maint(maintenance());
    if (auto r = maint.openWithoutPassword(); !r)
        return r;
    auto exists = maint.run([&](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        return !tx.exec_params("SELECT 1 FROM art32.admins WHERE login = $1", login.toStdString()).empty();
    });
    if (!exists)
        return exists.error();
    if (!exists.value()) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Creating the demo admin %1").arg(login));
        auto created = maint.run([&](pqxx::connection_base& c) {
            return admins::create(c, login, QString::fromUtf8(admin.displayName), admin.role, password.value());
        });
        if (!created)
            return created.error();
        if (!created.value())
            return created.value().error();
    } else {
        // The keychain is the source of truth for the demo passwords.
        auto set
            = maint.run([&](pqxx::connection_base& c) { setRolePassword(c, login.toStdString(), password.value()); });
        if (!set)
            return set;
    }

    Database db(p);
    if (auto r = db.open(SecureBytes::fromByteArray(password->view())); !r)
        return r;
    auto me = db.run([](pqxx::connection_base& c) { return unlock::whoami(c); });
    if (!me)
        return me.error();
    if (!me.value())
        return me.value().error();
    auto privateKey = readOptional(keychain, p.privateKeyKey());
    if (!privateKey)
        return privateKey.error();
    auto totp = readOptional(keychain, p.demoTotpKey());
    if (!totp)
        return totp.error();
    const bool usable = me.value()->enrolled && !privateKey->isEmpty() && !totp->isEmpty()
        && keys::publicKeyOf(privateKey.value()) == me.value()->publicKey;
    if (!usable) {
        if (me.value()->enrolled) {
            // The keychain lost this admin's secrets (e.g. a throwaway keyring): enroll it again.
            if (progress)
                progress(QCoreApplication::translate("art32::DemoCluster",
                                                     "The keychain has no usable keys for %1: enrolling it again")
                             .arg(login));
            auto reset = maint.call([&](pqxx::connection_base& c) { return admins::resetEnrollment(c, login); });
            if (!reset)
                return reset;
        }
        Enrollment e = Enrollment::prepare(login);
        if (auto r = writeSecret(keychain, p.demoTotpKey(), e.totpSecret()); !r)
            return r;
        const QString code = pastCode(e.totpSecret()); // the user's current and next codes stay unused
        auto done
            = db.call([&](pqxx::connection_base& c) { return e.complete(c, keychain, p, code, Clock::system()); });
        if (!done)
            return done;
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Enrolled the demo admin %1").arg(login));
        if (enrolled)
            enrolled(login, e.otpauthUri());
    }
    return profiles.save(p);
}

Result<void> DemoProvisioner::ensureKeys(Keychain& keychain, const Progress& progress)
{
    Database maint(maintenance());
    if (auto r = maint.openWithoutPassword(); !r)
        return r;
    auto holders = maint.run([](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        const pqxx::row r
            = tx.exec("SELECT (SELECT count(*) FROM art32.kek_versions), "
                      "       (SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id "
                      "         WHERE a.login = 'demo_cto' AND s.kind = 'kek'), "
                      "       (SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id "
                      "         WHERE a.login = 'demo_sysadmin' AND s.kind = 'kek')")[0];
        return std::array<long long, 3> { r[0].as<long long>(), r[1].as<long long>(), r[2].as<long long>() };
    });
    if (!holders)
        return holders.error();
    auto [versions, ctoHolds, sysadminHolds] = holders.value();
    if (versions > 0 && ctoHolds == 0) {
        // Demo only: nobody who is enrolled can open the old KEK any more, so start the key hierarchy afresh.
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster",
                                                 "The demo CTO no longer holds the demo KEK: creating new demo keys"));
        auto cleared = maint.run([](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec("DELETE FROM art32.sealed_keys");
            tx.exec("DELETE FROM art32.kek_versions");
            tx.exec_params("INSERT INTO art32.audit_events (action, object) VALUES ($1, $2)", "demo.keys_reset",
                           "demo");
            tx.commit();
        });
        if (!cleared)
            return cleared;
        versions = 0;
        sysadminHolds = 0;
    }
    if (versions > 0 && sysadminHolds > 0)
        return {};

    const Profile cto = m_cluster.profile(QStringLiteral("demo_cto"));
    auto password = readOptional(keychain, cto.passwordKey());
    auto privateKey = readOptional(keychain, cto.privateKeyKey());
    auto totp = readOptional(keychain, cto.demoTotpKey());
    for (const auto* r : { &password, &privateKey, &totp }) {
        if (!*r)
            return r->error();
    }
    Database db(cto);
    if (auto r = db.open(std::move(password).value()); !r)
        return r;
    if (auto r = unlockDemo(db, totp.value(), progress); !r)
        return r;
    const QByteArray publicKey = keys::publicKeyOf(privateKey.value());

    if (versions == 0) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Creating the key-encryption key (version 1)"));
        const SecureBytes kek = keys::randomKey();
        const SecureBytes index = keys::randomKey();
        auto init
            = db.call([&](pqxx::connection_base& c) { return keyadmin::initialiseKeys(c, kek, index, publicKey); });
        if (!init)
            return init;
    }
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "Sealing the KEK to demo_sysadmin"));
    auto sealed = db.call([&](pqxx::connection_base& c) -> Result<int> {
        KeyRing ring;
        if (auto r = ring.load(c, publicKey, privateKey.value()); !r)
            return r.error();
        return keyadmin::sealKeysFor(c, ring, QStringLiteral("demo_sysadmin"));
    });
    if (!sealed)
        return sealed.error();
    return {};
}

Result<qint64> DemoProvisioner::seed(Keychain& keychain, qint64 accounts,
                                     const std::function<void(qint64, qint64)>& progress)
{
    const Profile cto = m_cluster.profile(QStringLiteral("demo_cto"));
    auto privateKey = readOptional(keychain, cto.privateKeyKey());
    for (const auto* r : { &privateKey }) {
        if (!*r)
            return r->error();
        if (r->value().isEmpty())
            return Error { QStringLiteral("demo.not_up"),
                           QCoreApplication::translate(
                               "art32::DemoCluster",
                               "The demo admins are not set up in this keychain: run \"art32ctl "
                               "demo up\" first.") };
    }
    // Demo upkeep: the maintenance role reads the demo CTO's sealed keys (no TOTP round needed), and only the
    // CTO's private key from this keychain opens them.
    Database maint(maintenance());
    if (auto r = maint.openWithoutPassword(); !r)
        return r.error();
    KeyRing ring;
    if (auto r = maint.call([&](pqxx::connection_base& c) {
            return ring.load(c, keys::publicKeyOf(privateKey.value()), privateKey.value());
        });
        !r)
        return r.error();
    if (!ring.hasKek() || ring.indexVersion() == 0)
        return Error { QStringLiteral("demo.no_keys"),
                       QCoreApplication::translate("art32::DemoCluster",
                                                   "The demo CTO holds no keys: run \"art32ctl demo up\".") };

    // The platform writes records; for the demo the maintenance role plays that part.
    const int kekVersion = ring.kekVersion();
    const int indexVersion = ring.indexVersion();
    auto written = ring.withKek(kekVersion, [&](const SecureBytes& kek) {
        return ring.withIndexKey(indexVersion, [&](const SecureBytes& indexKey) {
            return maint.call([&](pqxx::connection_base& c) {
                return Seeder::seed(c, Seeder::Keys { kek, kekVersion, indexKey, indexVersion }, accounts,
                                    static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()), progress);
            });
        });
    });
    if (!written)
        return written.error();
    auto analysed = maint.run([](pqxx::connection_base& c) {
        pqxx::nontransaction tx(c);
        tx.exec("ANALYZE art32.accounts, art32.account_keys, art32.records, art32.blind_index");
    });
    Q_UNUSED(analysed);
    return written.value();
}

Result<void> DemoProvisioner::forget(ProfileStore& profiles, Keychain& keychain)
{
    for (const DemoCluster::DemoAdmin& admin : DemoCluster::kAdmins) {
        const Profile p = m_cluster.profile(QLatin1String(admin.login));
        profiles.remove(p.name);
        for (const QString& key : { p.passwordKey(), p.privateKeyKey(), p.demoTotpKey() }) {
            const Keychain::Reply removed = keychain.removeNow(key);
            if (!removed.ok() && removed.status != Keychain::Status::NotFound)
                return Error { QStringLiteral("keychain.remove"), removed.message };
        }
    }
    return {};
}

} // namespace art32
