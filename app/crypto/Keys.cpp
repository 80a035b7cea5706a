#include "crypto/Keys.h"

#include <QCoreApplication>
#include <sodium.h>
#include <stdexcept>

namespace art32::keys {
namespace {

void ensureSodium()
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
}

} // namespace

KeyPair generateKeyPair()
{
    ensureSodium();
    KeyPair pair;
    pair.publicKey.resize(crypto_box_PUBLICKEYBYTES);
    pair.secretKey = SecureBytes(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(reinterpret_cast<unsigned char*>(pair.publicKey.data()), pair.secretKey.data());
    return pair;
}

QByteArray publicKeyOf(const SecureBytes& secretKey)
{
    ensureSodium();
    QByteArray pk(crypto_box_PUBLICKEYBYTES, Qt::Uninitialized);
    if (secretKey.size() != crypto_box_SECRETKEYBYTES)
        return QByteArray();
    crypto_scalarmult_base(reinterpret_cast<unsigned char*>(pk.data()), secretKey.data());
    return pk;
}

SecureBytes randomKey()
{
    ensureSodium();
    SecureBytes key(kKeyBytes);
    randombytes_buf(key.data(), key.size());
    return key;
}

QByteArray seal(const SecureBytes& key, const QByteArray& publicKey)
{
    ensureSodium();
    if (publicKey.size() != crypto_box_PUBLICKEYBYTES)
        return QByteArray();
    QByteArray sealed(static_cast<qsizetype>(crypto_box_SEALBYTES + key.size()), Qt::Uninitialized);
    crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), key.data(), key.size(),
                    reinterpret_cast<const unsigned char*>(publicKey.constData()));
    return sealed;
}

Result<SecureBytes> open(const QByteArray& sealed, const QByteArray& publicKey, const SecureBytes& secretKey)
{
    ensureSodium();
    const Error failed { QStringLiteral("keys.open"),
                         QCoreApplication::translate("art32::Keys",
                                                     "A sealed key could not be opened with your private "
                                                     "key: it was sealed to someone else or altered.") };
    if (sealed.size() <= static_cast<qsizetype>(crypto_box_SEALBYTES) || publicKey.size() != crypto_box_PUBLICKEYBYTES
        || secretKey.size() != crypto_box_SECRETKEYBYTES)
        return failed;
    SecureBytes key(static_cast<std::size_t>(sealed.size()) - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(key.data(), reinterpret_cast<const unsigned char*>(sealed.constData()),
                             static_cast<unsigned long long>(sealed.size()),
                             reinterpret_cast<const unsigned char*>(publicKey.constData()), secretKey.data())
        != 0)
        return failed;
    return key;
}

} // namespace art32::keys
