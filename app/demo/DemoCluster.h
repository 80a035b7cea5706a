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
    static constexpr const char* kProfileName = "demo";
    static constexpr const char* kDatabase = "art32";
    static constexpr const char* kMaintRole = "art32_maint";
    static constexpr const char* kLoginRole = "demo_cto";
    static constexpr int kPort = 5432;

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

    explicit DemoCluster(QString directory = defaultDirectory());

    static QString defaultDirectory();

    QString directory() const { return m_dir; }
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;

    /** Creates (if needed), starts, migrates, and writes the demo profile with its password in the keychain. */
    Result<Profile> up(ProfileStore& profiles, Keychain& keychain, const Progress& progress = {});
    Result<State> state() const;
    Result<void> down();
    /** Stops the cluster and removes its directory, the demo profile and its keychain entry. */
    Result<void> destroy(ProfileStore& profiles, Keychain& keychain);
    /** The profile that reaches the demo as the demo login role. */
    Profile profile() const;
    /** Connection profile for the maintenance role (peer authentication, no password). */
    Profile maintenanceProfile(const QString& database) const;

    /** The newest PostgreSQL server binaries directory, or an error saying how to install them. */
    static Result<QString> serverBinaries();

private:
    Result<void> initialise(const Progress& progress);
    Result<void> start();
    Result<ProcessOutput> runServerTool(const QString& tool, const QStringList& arguments) const;
    Result<void> ensureLoginRole(Keychain& keychain, const Progress& progress);

    QString m_dir;
};

} // namespace art32
