#include "demo/DemoCluster.h"

#include "auth/Totp.h"
#include "core/Clock.h"
#include "crypto/SecureBytes.h"
#include "demo/DemoProvisioner.h"
#include "keychain/Keychain.h"

#include <QCoreApplication>

namespace art32 {

DemoCluster::DemoCluster(QString directory)
    : m_server(std::move(directory))
{ }

const DemoCluster::DemoAdmin DemoCluster::kAdmins[3] = {
    { "demo_cto", Role::Cto, "Demo CTO" },
    { "demo_sysadmin", Role::Sysadmin, "Demo System Administrator" },
    { "demo_auditor", Role::Auditor, "Demo Auditor" },
};

Profile DemoCluster::profile(const QString& login) const
{
    Profile p;
    p.name = login;
    p.host = socketDirectory();
    p.port = QString::number(kPort);
    p.database = QLatin1String(kDatabase);
    p.user = login;
    p.demo = true;
    return p;
}

Profile DemoCluster::maintenanceProfile(const QString& database) const
{
    Profile p = profile();
    p.name = QStringLiteral("demo-maintenance");
    p.database = database;
    p.user = QLatin1String(kMaintRole);
    return p;
}

Result<DemoCluster::State> DemoCluster::state() const
{
    State s;
    s.directory = directory();
    s.serverUser = DemoServer::serverUser();
    s.initialised = m_server.isInitialised();
    if (!s.initialised)
        return s;
    auto running = m_server.isRunning();
    if (!running)
        return running.error();
    s.running = running.value();
    if (s.running) {
        if (auto schema = DemoProvisioner(*this).schema()) {
            s.schema = *schema;
            s.schemaKnown = true;
        }
    }
    return s;
}

Result<void> DemoCluster::up(ProfileStore& profiles, Keychain& keychain, const Progress& progress,
                             const Enrolled& enrolled)
{
    auto bin = serverBinaries();
    if (!bin)
        return bin.error();

    // Fail before creating anything when the keychain cannot hold the demo password.
    const Keychain::Reply probe = keychain.readNow(profile().passwordKey());
    if (probe.status != Keychain::Status::Ok && probe.status != Keychain::Status::NotFound)
        return Error { QStringLiteral("keychain.unavailable"), probe.message };

    auto current = state();
    if (!current)
        return current.error();
    if (!current->initialised) {
        if (auto r = m_server.initialise(progress); !r)
            return r.error();
    }
    if (!current->running) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Starting the demo database server"));
        if (auto r = m_server.start(); !r)
            return r.error();
    }

    if (auto r = DemoProvisioner(*this).provision(profiles, keychain, progress, enrolled); !r)
        return r;
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster",
                                             "The demo is ready: profiles demo_cto, "
                                             "demo_sysadmin and demo_auditor"));
    return {};
}

Result<qint64> DemoCluster::seed(Keychain& keychain, qint64 accounts,
                                 const std::function<void(qint64, qint64)>& progress)
{
    return DemoProvisioner(*this).seed(keychain, accounts, progress);
}

Result<void> DemoCluster::down()
{
    return m_server.stop();
}

Result<void> DemoCluster::destroy(ProfileStore& profiles, Keychain& keychain)
{
    if (auto r = m_server.remove(); !r)
        return r;
    return DemoProvisioner(*this).forget(profiles, keychain);
}

Result<QString> DemoCluster::demoCode(const Profile& profile, Keychain& keychain, int step)
{
    if (!profile.demo)
        return Error { QStringLiteral("demo.not_demo"),
                       QCoreApplication::translate("art32::DemoCluster",
                                                   "Profile \"%1\" is not a demo profile: its codes come only from its "
                                                   "owner's authenticator.")
                           .arg(profile.name) };
    Keychain::Reply stored = keychain.readNow(profile.demoTotpKey());
    if (!stored.ok())
        return Error { QStringLiteral("keychain.read"), stored.message };
    const SecureBytes secret = SecureBytes::fromByteArray(stored.secret);
    wipe(stored.secret);
    return Totp::codeAt(secret, Clock::system().secondsSinceEpoch() + step * Totp::kStep);
}

} // namespace art32
