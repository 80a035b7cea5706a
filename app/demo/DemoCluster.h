#pragma once

#include "auth/Role.h"
#include "core/Result.h"
#include "demo/DemoServer.h"
#include "store/Migrator.h"
#include "store/Profile.h"

#include <QString>
#include <functional>

namespace art32 {

class Keychain;
class ProfileStore;

/**
 * The embedded default: a private PostgreSQL cluster for trying the console, reachable only through a unix
 * socket in its own directory (no TCP). The directory is $ART32_DEMO_DIR, else the user's data directory;
 * as root the cluster runs as the unprivileged `postgres` user under /var/lib/art32/demo, because
 * PostgreSQL refuses to run as root.
 *
 * Roles: art32_maint (superuser, peer authentication mapped to the OS user who created the cluster,
 * used only by `art32ctl demo` for upkeep) and the demo admins' login roles, whose passwords are random and
 * live only in the OS keychain.
 *
 * A facade over its two parts: DemoServer (initdb, configuration, pg_ctl) and DemoProvisioner (database,
 * migrations, admins, keys, seeding, profiles).
 */
class DemoCluster
{
public:
    static constexpr const char* kDatabase = "art32";
    static constexpr const char* kMaintRole = DemoServer::kMaintRole;
    static constexpr int kPort = DemoServer::kPort;

    /** The enrolled demo admins; each has a profile of the same name. */
    struct DemoAdmin
    {
        const char* login;
        Role role;
        const char* displayName;
    };
    static const DemoAdmin kAdmins[3];
    static constexpr const char* kDefaultProfile = "demo_cto";

    struct State
    {
        bool initialised = false;
        bool running = false;
        QString directory;
        QString serverUser; ///< the OS user the server runs as
        SchemaStatus schema;
        bool schemaKnown = false;
    };

    using Progress = DemoServer::Progress;
    /** Called for each admin enrolled by this run, with its otpauth:// URI (for an authenticator app). */
    using Enrolled = std::function<void(const QString& login, const QString& otpauthUri)>;

    explicit DemoCluster(QString directory = defaultDirectory());

    static QString defaultDirectory() { return DemoServer::defaultDirectory(); }

    QString directory() const { return m_server.directory(); }
    QString dataDirectory() const { return m_server.dataDirectory(); }
    QString socketDirectory() const { return m_server.socketDirectory(); }
    QString logFile() const { return m_server.logFile(); }

    /**
     * Creates (if needed), starts and migrates the cluster; creates and enrolls the demo admins (passwords,
     * private keys and — demo only — TOTP secrets in the keychain), initialises the keys and seals the KEK to
     * the demo sysadmin, and writes one profile per admin. Idempotent: what exists and works is kept.
     */
    Result<void> up(ProfileStore& profiles, Keychain& keychain, const Progress& progress = {},
                    const Enrolled& enrolled = {});
    /** Adds fake customers, encrypted with the demo KEK (opened as demo_cto); progress(done, total). */
    Result<qint64> seed(Keychain& keychain, qint64 accounts, const std::function<void(qint64, qint64)>& progress = {});
    Result<State> state() const;
    Result<void> down();
    /** Stops the cluster and removes its directory, the demo profiles and their keychain entries. */
    Result<void> destroy(ProfileStore& profiles, Keychain& keychain);
    /** The profile that reaches the demo as one of its admins. */
    Profile profile(const QString& login = QLatin1String(kDefaultProfile)) const;
    /** The current TOTP code of a demo admin (demo profiles only: the secret is in the keychain for this). */
    static Result<QString> demoCode(const Profile& profile, Keychain& keychain, int step = 0);
    /** Connection profile for the maintenance role (peer authentication, no password). */
    Profile maintenanceProfile(const QString& database) const;

    /** The newest PostgreSQL server binaries directory, or an error saying how to install them. */
    static Result<QString> serverBinaries() { return DemoServer::serverBinaries(); }

private:
    DemoServer m_server;
};

} // namespace art32
