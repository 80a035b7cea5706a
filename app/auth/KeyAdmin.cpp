#include "auth/KeyAdmin.h"

#include "auth/Enrollment.h"
#include "auth/KeyRing.h"
#include "crypto/Keys.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <pqxx/binarystring>
#include <pqxx/transaction>

namespace art32::keyadmin {
Result<void> initialiseKeys(pqxx::connection_base& conn, const SecureBytes& kek, const SecureBytes& indexKey,
                            const QByteArray& ctoPublicKey)
{
    const QByteArray sealedKek = keys::seal(kek, ctoPublicKey);
    const QByteArray sealedIndex = keys::seal(indexKey, ctoPublicKey);
    if (sealedKek.isEmpty() || sealedIndex.isEmpty())
        return Error { QStringLiteral("keys.seal"),
                       QCoreApplication::translate("art32::KeyAdmin", "Your public key is missing or malformed.") };
    try {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.keys_init($1, $2)", pgwire::param(sealedKek), pgwire::param(sealedIndex));
        tx.commit();
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
    return {};
}

Result<int> sealKeysFor(pqxx::connection_base& conn, const KeyRing& ring, const QString& login)
{
    auto publicKey = admins::publicKeyOf(conn, login);
    if (!publicKey)
        return publicKey.error();
    if (publicKey->isEmpty())
        return Error { QStringLiteral("keys.not_enrolled"),
                       QCoreApplication::translate("art32::KeyAdmin",
                                                   "%1 has not enrolled yet: there is no public key "
                                                   "to seal to.")
                           .arg(login) };
    if (!ring.hasKek())
        return Error { QStringLiteral("keys.missing"),
                       QCoreApplication::translate("art32::KeyAdmin", "You hold no KEK to give.") };
    int sealed = 0;
    try {
        pqxx::work tx(conn);
        ring.forEachKey([&](KeyKind kind, int version, const SecureBytes& key) {
            tx.exec_params("SELECT art32.seal_key_for($1, $2, $3, $4)", login.toStdString(), keyKindKey(kind), version,
                           pgwire::param(keys::seal(key, publicKey.value())));
            ++sealed;
        });
        tx.commit();
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
    return sealed;
}

Result<int> revokeKeysOf(pqxx::connection_base& conn, const QString& login)
{
    return Database::guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const int n = tx.exec_params("SELECT art32.admin_revoke_keys($1)", login.toStdString())[0][0].as<int>();
        tx.commit();
        return n;
    });
}

} // namespace art32::keyadmin
