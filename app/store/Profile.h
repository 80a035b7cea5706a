#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <memory>

class QSettings;

namespace art32 {

/**
 * Where and as whom to connect. Holds no secret: the database password lives in the OS keychain under
 * passwordKey().
 */
struct Profile
{
    QString name;
    QString host; ///< host name, address or unix socket directory; comma-separated for libpq multi-host
    QString port; ///< one port, or one per host
    QString database;
    QString user;
    QString sslMode; ///< libpq sslmode, for unix sockets; network connections always use verify-full
    QString sslRootCert;
    bool demo = false; ///< the embedded demo cluster created by `art32ctl demo up`
    /** Backups (issue 13): where native backups of this database go; empty: the default (backup/Native.h). */
    QString backupDir;
    /**
     * The backup key's file (a path, not a secret; the file must be 0600 and the user's own), for a deployment whose
     * timers use one: `art32ctl backup` and the Backups view read the key there instead of the keychain
     * (backup::loadKey). Empty: the keychain. Absolute.
     */
    QString backupKeyFile;
    // Backups with pgBackRest (i13-view): when a stanza is named, backups, verify and drills run through pgBackRest.
    QString pgbackrestStanza;
    QString pgbackrestConfig; ///< pgbackrest.conf; empty: pgBackRest's default

    QString passwordKey() const;
    QString privateKeyKey() const; ///< the admin's X25519 private key
    QString demoTotpKey() const; ///< demo clusters only: the demo admin's TOTP secret, for `demo code`
    bool usesUnixSocket() const;
    /** Any host that is not a unix socket directory (loopback addresses too: anyone may listen there). */
    bool isRemote() const;

    /**
     * libpq connection string, every value quoted; never a password (Database hands it to libpq on its own).
     * Network hosts get sslmode=verify-full and channel_binding=require.
     */
    std::string connectionString() const;

    /** Checks the fields (name, database, user, then validateConnection()). */
    Result<void> validate() const;
    /**
     * Checks what a connection needs: a host; for the network only verify-full and no unix sockets in the same
     * list; a known sslmode. Database refuses to connect with a profile that fails it.
     */
    Result<void> validateConnection() const;

    bool operator==(const Profile& other) const;
};

/** Quotes one value for a libpq connection string (key='value' with \ and ' escaped). */
std::string quoteConnValue(const QString& value);

/** Profiles kept in QSettings under "profiles/<name>/". */
class ProfileStore
{
public:
    ProfileStore(); ///< the application's default settings
    explicit ProfileStore(const QString& fileName); ///< a given INI file (tests)
    ~ProfileStore();

    QList<Profile> all() const;
    Result<Profile> find(const QString& name) const;
    Result<void> save(const Profile& profile);
    void remove(const QString& name);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace art32
