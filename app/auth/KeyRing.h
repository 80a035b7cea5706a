#pragma once

#include "auth/KeyKind.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <map>

namespace pqxx {
class connection_base;
}

namespace art32 {

/**
 * The keys an unlocked admin holds: every KEK version and index-key version sealed to them, opened with the
 * private key from their keychain. Kept in guarded memory that is inaccessible while not in use, and wiped
 * on lock and exit.
 */
class KeyRing
{
public:
    KeyRing() = default;
    ~KeyRing() { wipe(); }
    KeyRing(const KeyRing&) = delete;
    KeyRing& operator=(const KeyRing&) = delete;

    /** Reads the caller's sealed keys (RLS: only their own, only when unlocked) and opens them. */
    Result<void> load(pqxx::connection_base& conn, const QByteArray& publicKey, const SecureBytes& privateKey);

    bool hasKek() const { return !m_kek.empty(); }
    int kekVersion() const { return m_kek.empty() ? 0 : m_kek.rbegin()->first; }
    int indexVersion() const { return m_index.empty() ? 0 : m_index.rbegin()->first; }
    /** Every index-key version held (more than one while an index rotation is under way). */
    QList<int> indexVersions() const
    {
        QList<int> v;
        for (const auto& entry : m_index)
            v.append(entry.first);
        return v;
    }

    /** Runs f(const SecureBytes& key) with the KEK of a version readable for the duration of the call. */
    template<typename F>
    auto withKek(int version, F&& f) const -> Result<decltype(f(std::declval<const SecureBytes&>()))>;

    /**
     * Runs f(lookup) with every KEK version readable (not writable) for the duration of the call; lookup(version) gives
     * that KEK or nullptr. For bulk work over many accounts: one unlock per batch instead of two system calls per
     * account.
     */
    template<typename F> auto withEveryKek(F&& f) const;

    /** Runs f(const SecureBytes& key) with the index key of a version readable for the duration of the call. */
    template<typename F>
    auto withIndexKey(int version, F&& f) const -> Result<decltype(f(std::declval<const SecureBytes&>()))>
    {
        return withKey(m_index, version, std::forward<F>(f));
    }

    /** Calls f(kind, version, key) for every key held, each readable only during its call. */
    template<typename F> void forEachKey(F&& f) const;

    /** Adds a key this admin just created (a rotation's new version), already sealed to them server-side. */
    void insert(KeyKind kind, int version, SecureBytes key);

    void wipe();

private:
    template<typename F>
    static auto withKey(const std::map<int, SecureBytes>& keys, int version, F&& f)
        -> Result<decltype(f(std::declval<const SecureBytes&>()))>;

    std::map<int, SecureBytes> m_kek;
    std::map<int, SecureBytes> m_index;
};

template<typename F> void KeyRing::forEachKey(F&& f) const
{
    for (const auto* group : { &m_kek, &m_index }) {
        const KeyKind kind = group == &m_kek ? KeyKind::Kek : KeyKind::Index;
        for (const auto& [version, key] : *group) {
            auto& k = const_cast<SecureBytes&>(key);
            k.allowReading();
            f(kind, version, static_cast<const SecureBytes&>(k));
            k.forbidAccess();
        }
    }
}

template<typename F> auto KeyRing::withEveryKek(F&& f) const
{
    struct Relock
    {
        const std::map<int, SecureBytes>& keys;
        ~Relock()
        {
            for (const auto& entry : keys)
                const_cast<SecureBytes&>(entry.second).forbidAccess();
        }
    } relock { m_kek };
    for (const auto& entry : m_kek)
        const_cast<SecureBytes&>(entry.second).allowReading();
    return f([this](int version) -> const SecureBytes* {
        const auto it = m_kek.find(version);
        return it == m_kek.end() ? nullptr : &it->second;
    });
}

template<typename F>
auto KeyRing::withKek(int version, F&& f) const -> Result<decltype(f(std::declval<const SecureBytes&>()))>
{
    return withKey(m_kek, version, std::forward<F>(f));
}

template<typename F>
auto KeyRing::withKey(const std::map<int, SecureBytes>& keys, int version, F&& f)
    -> Result<decltype(f(std::declval<const SecureBytes&>()))>
{
    auto it = keys.find(version);
    if (it == keys.end())
        return Error { QStringLiteral("keys.missing"),
                       QCoreApplication::translate("art32::KeyRing",
                                                   "Key version %1 is not sealed to you (or not opened in this "
                                                   "session).")
                           .arg(version) };
    auto& key = const_cast<SecureBytes&>(it->second);
    key.allowReading();
    struct Relock
    {
        SecureBytes& k;
        ~Relock() { k.forbidAccess(); }
    } relock { key };
    return f(static_cast<const SecureBytes&>(key));
}

} // namespace art32
