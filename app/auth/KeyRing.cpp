#include "auth/KeyRing.h"

#include "core/Logging.h"
#include "crypto/Keys.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32 {

Result<void> KeyRing::load(pqxx::connection_base& conn, const QByteArray& publicKey, const SecureBytes& privateKey)
{
    wipe();
    try {
        pqxx::read_transaction tx(conn);
        // RLS already limits an admin to their own rows; the filter also keeps a superuser (demo upkeep) to the
        // rows sealed to this key pair.
        const pqxx::result rows = tx.exec_params(
            "SELECT s.kind, s.version, s.sealed FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id "
            "WHERE a.public_key = $1 ORDER BY s.kind, s.version",
            pgwire::param(publicKey));
        for (const auto& row : rows) {
            auto opened = keys::open(pgwire::bytes(row[2]), publicKey, privateKey);
            if (!opened) {
                qCWarning(lcAuth) << "a sealed" << row[0].c_str() << "key, version" << row[1].as<int>()
                                  << "does not open with this private key:" << opened.error().code;
                wipe();
                return opened.error();
            }
            opened.value().forbidAccess();
            auto& target = row[0].as<std::string>() == keyKindKey(KeyKind::Kek) ? m_kek : m_index;
            target[row[1].as<int>()].key = std::move(opened).value();
        }
    } catch (const std::exception& e) {
        wipe();
        const Error error = Database::describe(e);
        qCInfo(lcAuth) << "reading the sealed keys failed:" << error.code;
        return error;
    }
    qCInfo(lcAuth) << "opened" << m_kek.size() << "KEK and" << m_index.size() << "index-key versions";
    return {};
}

void KeyRing::insert(KeyKind kind, int version, SecureBytes key)
{
    key.forbidAccess();
    std::lock_guard<std::mutex> lock(m_access);
    Held& held = (kind == KeyKind::Kek ? m_kek : m_index)[version];
    Q_ASSERT(held.readers == 0);
    held.key = std::move(key);
}

void KeyRing::beginRead(const Held& held) const
{
    std::lock_guard<std::mutex> lock(m_access);
    if (held.readers++ == 0)
        const_cast<SecureBytes&>(held.key).allowReading();
}

void KeyRing::endRead(const Held& held) const
{
    std::lock_guard<std::mutex> lock(m_access);
    if (--held.readers == 0)
        const_cast<SecureBytes&>(held.key).forbidAccess();
}

void KeyRing::wipe()
{
    m_kek.clear(); // SecureBytes zero and free themselves
    m_index.clear();
}

} // namespace art32
