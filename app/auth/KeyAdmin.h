#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QString>

namespace pqxx {
class connection_base;
}

namespace art32 {

class KeyRing;

/** Key administration by an unlocked CTO; the server's definer functions enforce who may (DESIGN.md §4.3). */
namespace keyadmin {

/** `keys init`: KEK version 1 and the index key, sealed to the calling CTO's public key. */
Result<void> initialiseKeys(pqxx::connection_base& conn, const SecureBytes& kek, const SecureBytes& indexKey,
                            const QByteArray& ctoPublicKey);

/** `admin seal-keys`: seals every key the CTO holds to an admin's public key (auditors are refused). */
Result<int> sealKeysFor(pqxx::connection_base& conn, const KeyRing& ring, const QString& login);

/** Takes an admin's sealed key copies away (not the caller's own; someone active keeps each version). */
Result<int> revokeKeysOf(pqxx::connection_base& conn, const QString& login);

} // namespace keyadmin
} // namespace art32
