#pragma once

#include "auth/KeyKind.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <map>
#include <mutex>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace art32 {

/** The error code of a key version the ring does not hold. */
inline constexpr QLatin1String kKeyMissing { "keys.missing" };

/**
 * The keys an unlocked admin holds: every KEK version and index-key version sealed to them, opened with the
 * private key from their keychain. Kept in guarded memory that is inaccessible while not in use, and wiped
 * on lock and exit. Reads are counted per key: a key becomes inaccessible again when its last reader is done,
 * so nested reads (a withKek inside withEveryKek) and reads from the helper thread of bulk work never close a
 * key under another reader.
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

    /**
     * Runs f(const SecureBytes& key) with the KEK of a version readable for the duration of the call. Its value, or
     * the error "keys.missing"; when f itself returns a Result, that Result (never a nested one).
     */
    template<typename F>
    auto withKek(int version, F&& f) const -> FlattenedResult<decltype(f(std::declval<const SecureBytes&>()))>;

    /**
     * Runs f(lookup) with every KEK version readable (not writable) for the duration of the call; lookup(version) gives
     * that KEK or nullptr. For bulk work over many accounts: one unlock per batch instead of two system calls per
     * account.
     */
    template<typename F> auto withEveryKek(F&& f) const;

    /** Runs f(const SecureBytes& key) with the index key of a version readable for the duration of the call. */
    template<typename F>
    auto withIndexKey(int version, F&& f) const -> FlattenedResult<decltype(f(std::declval<const SecureBytes&>()))>
    {
        return withKey(m_index, version, std::forward<F>(f));
    }

    /** Calls f(kind, version, key) for every key held, each readable only during its call. */
    template<typename F> void forEachKey(F&& f) const;

    /** Adds a key this admin just created (a rotation's new version), already sealed to them server-side. */
    void insert(KeyKind kind, int version, SecureBytes key);

    void wipe();

private:
    struct Held
    {
        SecureBytes key;
        mutable int readers = 0; ///< guarded by m_access
    };
    using Keys = std::map<int, Held>;

    template<typename F>
    auto withKey(const Keys& keys, int version, F&& f) const
        -> FlattenedResult<decltype(f(std::declval<const SecureBytes&>()))>;
    void beginRead(const Held& held) const;
    void endRead(const Held& held) const;
    /** Ends the reads it was given when it goes out of scope. */
    struct Reading
    {
        const KeyRing& ring;
        std::vector<const Held*> held;
        ~Reading()
        {
            for (const Held* h : held)
                ring.endRead(*h);
        }
    };

    Keys m_kek;
    Keys m_index;
    mutable std::mutex m_access; ///< makes each key's reader count and its page protection change together
};

template<typename F> void KeyRing::forEachKey(F&& f) const
{
    for (const auto* group : { &m_kek, &m_index }) {
        const KeyKind kind = group == &m_kek ? KeyKind::Kek : KeyKind::Index;
        for (const auto& [version, held] : *group) {
            beginRead(held);
            Reading reading { *this, { &held } };
            f(kind, version, held.key);
        }
    }
}

template<typename F> auto KeyRing::withEveryKek(F&& f) const
{
    Reading reading { *this, {} };
    for (const auto& entry : m_kek) {
        beginRead(entry.second);
        reading.held.push_back(&entry.second);
    }
    return f([this](int version) -> const SecureBytes* {
        const auto it = m_kek.find(version);
        return it == m_kek.end() ? nullptr : &it->second.key;
    });
}

template<typename F>
auto KeyRing::withKek(int version, F&& f) const -> FlattenedResult<decltype(f(std::declval<const SecureBytes&>()))>
{
    return withKey(m_kek, version, std::forward<F>(f));
}

template<typename F>
auto KeyRing::withKey(const Keys& keys, int version, F&& f) const
    -> FlattenedResult<decltype(f(std::declval<const SecureBytes&>()))>
{
    auto it = keys.find(version);
    if (it == keys.end())
        return Error { QString(kKeyMissing),
                       QCoreApplication::translate("art32::KeyRing",
                                                   "Key version %1 is not sealed to you (or not opened in this "
                                                   "session).")
                           .arg(version) };
    beginRead(it->second);
    Reading reading { *this, { &it->second } };
    return f(it->second.key);
}

} // namespace art32
