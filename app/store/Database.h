#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"
#include "store/Profile.h"

#include <functional>
#include <memory>
#include <pqxx/connection>
#include <pqxx/except>

namespace art32 {

/**
 * libpqxx's connection policy, but the password never enters the connection string libpqxx keeps: it goes to
 * libpq as its own parameter (PQconnectdbParams), straight from guarded memory, so the only plaintext copies
 * outside SecureBytes are libpq's own, gone with the connection (tests/security/tst_connection). libpqxx builds
 * the policy from the connection string alone, hence the password for the connect under way on this thread.
 */
class SecretConnect : public pqxx::connectionpolicy
{
public:
    explicit SecretConnect(const std::string& conninfoWithoutPassword);
    handle do_startconnect(handle orig) override;
    handle do_completeconnect(handle orig) override;

    /** The NUL-terminated password for connections made on this thread until reset (nullptr: none). */
    static void setPassword(const char* password);
};
using Connection = pqxx::basic_connection_base<SecretConnect>;

/**
 * One PostgreSQL connection for one profile, with the password held in guarded memory so the connection
 * can come back after the server went away.
 *
 * Blocking (libpqxx): the GUI uses it from a worker thread only. Not thread-safe: one thread at a time.
 */
class Database
{
public:
    enum class Retry {
        No, ///< a lost connection is reported; the next call reconnects
        Idempotent, ///< the work may safely run twice: reconnect once and run it again
    };

    explicit Database(Profile profile);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /** Connects with this password (kept in guarded memory for reconnects). */
    Result<void> open(SecureBytes password);
    /** Connects without a password (peer or trust authentication, e.g. the demo's maintenance role). */
    Result<void> openWithoutPassword();
    void close();
    bool isOpen() const;

    const Profile& profile() const { return m_profile; }
    /** Counts the connections made so far: a change means a new server session (state is gone). */
    int connectionGeneration() const { return m_generation; }
    /** Why the last connection broke (the classified error of the call that found it broken); empty before. */
    const Error& lostReason() const { return m_lost; }
    /** Called after every successful (re)connect, e.g. to re-establish session state. */
    void setOnConnected(std::function<void(pqxx::connection_base&)> hook) { m_onConnected = std::move(hook); }

    /** Runs work on the connection, mapping libpqxx errors to clear, translated errors. */
    template<typename F>
    auto run(F&& work, Retry retry = Retry::No) -> Result<decltype(work(std::declval<pqxx::connection_base&>()))>;

    /** Like run(), for work that itself returns a Result: one Result, not a nested one. */
    template<typename F>
    auto call(F&& work, Retry retry = Retry::No) -> decltype(work(std::declval<pqxx::connection_base&>()));

    /**
     * Translated error for a libpqxx/libpq exception, classified by codes (the SQLSTATE; for a failed connect also
     * PQping), never by the message text, which libpq and the server translate. That text is the detail only.
     */
    static Error describe(const std::exception& e);
    /** The SQLSTATE of a libpqxx/libpq exception, also where libpqxx 6 drops it; empty when there is none. */
    static std::string sqlstate(const std::exception& e);

    /** Runs f() (which returns a Result) and turns an exception it throws into the Error describe() gives. */
    template<typename F> static auto guarded(F&& f) -> decltype(f())
    {
        try {
            return f();
        } catch (const std::exception& e) {
            return describe(e);
        }
    }

private:
    Result<void> connect();
    static bool isBroken(const std::exception& e);

    Profile m_profile;
    SecureBytes m_password; ///< NUL-terminated
    bool m_usePassword = false;
    std::unique_ptr<Connection> m_conn;
    std::function<void(pqxx::connection_base&)> m_onConnected;
    int m_generation = 0;
    Error m_lost;
};

template<typename F>
auto Database::run(F&& work, Retry retry) -> Result<decltype(work(std::declval<pqxx::connection_base&>()))>
{
    using R = decltype(work(std::declval<pqxx::connection_base&>()));
    for (int attempt = 0;; ++attempt) {
        if (!isOpen()) {
            if (auto c = connect(); !c)
                return c.error();
        }
        try {
            if constexpr (std::is_void_v<R>) {
                work(*m_conn);
                return Result<void>();
            } else {
                return work(*m_conn);
            }
        } catch (const std::exception& e) {
            if (!isBroken(e))
                return describe(e);
            m_conn.reset(); // the server session is gone; never let libpqxx revive it behind our back
            m_lost = describe(e);
            if (retry == Retry::No || attempt > 0)
                return m_lost;
        }
    }
}

template<typename F>
auto Database::call(F&& work, Retry retry) -> decltype(work(std::declval<pqxx::connection_base&>()))
{
    // Work that returns a Result has caught libpqxx's exceptions itself; a lost connection shows as "db.lost".
    for (int attempt = 0;; ++attempt) {
        auto outer = run(work, Retry::No);
        const bool again = retry == Retry::Idempotent && attempt == 0;
        if (!outer) {
            if (again && outer.error().code == QLatin1String("db.lost"))
                continue;
            return outer.error();
        }
        auto inner = std::move(outer).value();
        if (!inner && inner.error().code == QLatin1String("db.lost")) {
            m_conn.reset(); // never let libpqxx revive the server session behind our back
            m_lost = inner.error();
            if (again)
                continue;
        }
        return inner;
    }
}

} // namespace art32
