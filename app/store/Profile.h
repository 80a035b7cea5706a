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
    QString sslMode; ///< libpq sslmode; TCP connections default to verify-full
    QString sslRootCert;
    bool demo = false; ///< the embedded demo cluster created by `art32ctl demo up`

    QString passwordKey() const;
    QString privateKeyKey() const; ///< the admin's X25519 private key
    QString demoTotpKey() const; ///< demo clusters only: the demo admin's TOTP secret, for `demo code`
    bool usesUnixSocket() const;

    /** libpq connection string, every value quoted; the password is added only when given. */
    std::string connectionString(const QByteArray& password = QByteArray()) const;

    /** Checks the fields; refuses TLS modes that do not verify the server for remote hosts. */
    Result<void> validate() const;

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
