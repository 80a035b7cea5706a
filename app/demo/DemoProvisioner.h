#pragma once

#include "demo/DemoCluster.h"

#include <optional>

namespace art32 {

/**
 * Everything the demo puts into its running server, as the maintenance role and as the demo admins themselves:
 * the database and its migrations; the three admins, created and enrolled through the same server functions as
 * real ones (passwords, private keys and — demo only — TOTP secrets in the keychain); KEK v1 created as demo_cto
 * and sealed to demo_sysadmin; fake customers; one profile per admin. Idempotent: what exists and works is kept.
 */
class DemoProvisioner
{
public:
    using Progress = DemoCluster::Progress;
    using Enrolled = DemoCluster::Enrolled;

    explicit DemoProvisioner(const DemoCluster& cluster);

    /** Creates and migrates the database, then the admins, their keys and their profiles. */
    Result<void> provision(ProfileStore& profiles, Keychain& keychain, const Progress& progress,
                           const Enrolled& enrolled);
    /** Adds fake customers, encrypted with the demo KEK (opened as demo_cto); progress(done, total). */
    Result<qint64> seed(Keychain& keychain, qint64 accounts, const std::function<void(qint64, qint64)>& progress);
    /** The schema's state, when the maintenance role can connect and read it. */
    std::optional<SchemaStatus> schema() const;
    /** Removes the demo profiles and their keychain entries. */
    Result<void> forget(ProfileStore& profiles, Keychain& keychain);

private:
    Profile maintenance() const;
    Result<void> ensureAdmin(const DemoCluster::DemoAdmin& admin, ProfileStore& profiles, Keychain& keychain,
                             const Progress& progress, const Enrolled& enrolled);
    Result<void> ensureKeys(Keychain& keychain, const Progress& progress);

    const DemoCluster& m_cluster;
};

} // namespace art32
