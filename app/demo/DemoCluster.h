#pragma once

#include "core/Process.h"
#include "core/Result.h"
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
 * Two roles: art32_maint (superuser, peer authentication mapped to the OS user who created the cluster,
 * used only by `art32ctl demo` for upkeep) and the demo profile's login role, whose password is random and
 * lives only in the OS keychain.
 */
class DemoCluster
{
public:
    static constexpr const char* kDatabase = "art32";
    static constexpr const char* kMaintRole = "art32_maint";
    static constexpr int kPort = 5432;

    /** The enrolled demo admins; each has a profile of the same name. */
    struct DemoAdmin
    {
        const char* login;
        const char* role;
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

    using Progress = std::function<void(const QString& step)>;
    /** Called for each admin enrolled by this run, with its otpauth:// URI (for an authenticator app). */
    using Enrolled = std::function<void(const QString& login, const QString& otpauthUri)>;

    explicit DemoCluster(QString directory = defaultDirectory());

    static QString defaultDirectory();

    QString directory() const { return m_dir; }
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;

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
    static Result<QString> serverBinaries();

private:
    Result<void> initialise(const Progress& progress);
    Result<void> start();
    /** pg_ctl status: exit 0 is running; 3 (not running) or 4 (no usable data directory) is not. */
    Result<bool> isRunning() const;
    Result<ProcessOutput> runServerTool(const QString& tool, const QStringList& arguments) const;
    Result<void> ensureAdmin(const DemoAdmin& admin, ProfileStore& profiles, Keychain& keychain,
                             const Progress& progress, const Enrolled& enrolled);
    Result<void> ensureKeys(Keychain& keychain, const Progress& progress);

    QString m_dir;
};

} // namespace art32
