#pragma once

#include "core/Result.h"
#include "store/Migrator.h"
#include "store/Profile.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace art32 {

class Database;
class Keychain;
class SecureBytes;

/** What the console knows about the server it talks to. */
struct ServerInfo
{
    QString serverVersion;
    QString sessionUser;
    QString groupRole; ///< art32_cto / art32_sysadmin / art32_auditor, or empty
    QString database;
    int backendPid = 0;
    SchemaStatus schema;
    bool schemaKnown = false;
};

/**
 * A profile's live connection for the GUI. The password comes from the keychain (asynchronously) and the
 * database work runs on a worker thread, so the GUI never blocks on the network or the keychain.
 */
class Session : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected,
        ReadingKeychain,
        Connecting,
        Connected,
        Failed,
    };
    Q_ENUM(State)

    Session(Profile profile, Keychain* keychain, QObject* parent = nullptr);
    ~Session() override;

    const Profile& profile() const { return m_profile; }
    State state() const { return m_state; }
    const Error& lastError() const { return m_error; }
    const ServerInfo& serverInfo() const { return m_info; }

    static QString describe(State state);

public slots:
    /** Reads the password from the keychain, connects, and loads the server information. */
    void open();
    /** Reloads the server information, reconnecting if the server went away. */
    void refresh();
    void close();

signals:
    void stateChanged(art32::Session::State state);
    void serverInfoChanged(const art32::ServerInfo& info);

private:
    void setState(State state, const Error& error = {});
    void startWorker(std::shared_ptr<SecureBytes> password);
    void finished(const Result<ServerInfo>& result);

    Profile m_profile;
    Keychain* m_keychain;
    State m_state = State::Disconnected;
    Error m_error;
    ServerInfo m_info;
    QThread m_thread;
    QObject* m_worker = nullptr; ///< lives in m_thread; owns the Database
    std::shared_ptr<Database> m_database; ///< touched only on m_thread
    int m_request = 0; ///< ignores answers to superseded requests
};

} // namespace art32

Q_DECLARE_METATYPE(art32::ServerInfo)
