#pragma once

// What the command groups share: output, the TOTP code, connecting and unlocking, progress lines.
#include "Command.h"
#include "auth/Unlock.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"
#include "store/Database.h"
#include "store/Profile.h"

#include <QTextStream>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace art32 {
class KeyRing;
struct SchemaStatus;
} // namespace art32

namespace art32::ctl {

QTextStream& out();
QTextStream& err();

/** Prints the error's message and gives Failed. */
int fail(const Error& e);
/** A line of progress on stderr. */
void printStep(const QString& step);
/** Refuses a command line the declarations could not: the reason and the command's usage line, then Usage. */
int usageError(const Command& command, const QString& reason);

QString describeSchema(const SchemaStatus& s);

/** Reads a line without echo when stdin is a terminal; otherwise reads stdin as it comes. */
SecureBytes readSecretLine(const QString& prompt);

/**
 * The TOTP code: `--code -` reads one line from stdin; no --code asks on the terminal without echo (or reads
 * stdin when it is no terminal). A code given on the command line still works, with a warning: every local
 * user can read it in /proc/PID/cmdline while the command runs.
 */
QString totpCode(const Context& ctx, const QString& prompt);

/** --profile, or the demo's CTO when none is given. */
Result<Profile> chosenProfile(const Context& ctx);
/** Connects as the profile's user with its password from the keychain; the demo as its maintenance role. */
Result<void> openForMaintenance(const Profile& p, std::optional<Database>& db);

struct Opened
{
    std::unique_ptr<Database> db;
    WhoAmI me;
};

/** Connects with the profile's password from the keychain and reads who this login is. */
Result<Opened> connectProfile(const Context& ctx);
/**
 * Connects and unlocks with the TOTP code (--code, else asked for). A login that is no admin (a DBA's superuser
 * profile, for bootstrap) stays as it is: the server decides what it may do.
 */
Result<Opened> openUnlocked(const Context& ctx);
/** The admin's private key from the keychain, checked against the public key the server holds. */
Result<SecureBytes> privateKey(const Opened& o);
/** Unlocks, and reads the caller's private key from this keychain. */
Result<std::pair<Opened, SecureBytes>> openWithPrivateKey(const Context& ctx);
/** Unlocks, and opens the caller's keys with the private key from this keychain. */
Result<std::pair<Opened, std::shared_ptr<KeyRing>>> openWithKeys(const Context& ctx);

/** The otpauth URI of a new enrollment, and its QR code, for the authenticator. */
void printEnrollment(const QString& login, const QString& uri);

/** Progress on a terminal: one line rewritten in place; elsewhere a line every tenth of the work. */
std::function<void(qint64, qint64)> progressPrinter(const QString& what);

} // namespace art32::ctl
