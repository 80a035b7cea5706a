#pragma once

// What the command groups share: output, the TOTP code, connecting and unlocking, progress lines.
#include "Command.h"
#include "auth/Unlock.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Profile.h"

#include <QTextStream>
#include <atomic>
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

/** The exit code for an error's code (Exit in Command.h): the one place that decides it. Unknown codes give Error. */
int exitFor(const QString& errorCode);
/**
 * Prints the error's message and gives its exit code (exitFor). When the command works on the demo and the server
 * failed (disk full, connection lost, unreachable), also the demo disk's free space when it is low, and its log.
 */
int fail(const Error& e);
/** The command works on the demo cluster in this directory, with this server log (for fail()). */
void workingOnDemo(const QString& directory, const QString& logFile);
/**
 * For batched work: a lost connection (db.lost) gets the note, which says what was committed and whether running
 * the command again is safe.
 */
Error afterBatches(Error e, const QString& note);

/**
 * Ctrl+C from now on sets interruptFlag() instead of ending the process: long work stops after its current batch,
 * and a read of the code or a password that waits returns at once (the command then ends with Interrupted).
 */
void catchInterrupt();
const std::atomic_bool* interruptFlag();
Error interruptedError();
/** A line of progress on stderr. */
void printStep(const QString& step);
/** Refuses a command line the declarations could not: the reason and the command's usage line, then Usage. */
int usageError(const Command& command, const QString& reason);

QString describeSchema(const SchemaStatus& s);

/** Reads a line without echo when stdin is a terminal; otherwise reads stdin as it comes. */
SecureBytes readSecretLine(const QString& prompt);

/** The most bytes a password (or any line read as a secret) may have: a longer one is refused, never cut short. */
constexpr std::size_t kMaxPasswordBytes = 1024;

/**
 * A code as typed, checked before it is sent: Totp::kDigits digits once spaces are removed (as the server compares
 * them). An empty or malformed code is refused here (code.form), so a typo never counts as a failed attempt.
 */
Result<QString> checkedCode(const QString& typed);
/** An admin login as the server accepts it (lowercase, digits, _; no pg_ or art32_ prefix), else args.invalid. */
Result<void> checkedLogin(const QString& login);
/** A password that can log in: not empty, at most kMaxPasswordBytes, no NUL byte, valid UTF-8 (password.*). */
Result<void> checkPassword(const SecureBytes& password);

/**
 * The TOTP code: `--code -` reads one line from stdin; no --code asks on the terminal without echo (or reads
 * stdin when it is no terminal). A code given on the command line still works, with a warning: every local
 * user can read it in /proc/PID/cmdline while the command runs.
 */
Result<QString> totpCode(const Context& ctx, const QString& prompt);

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
 * profile, for bootstrap) stays as it is: the server decides what it may do. readInput, when given, reads and
 * checks the command's other input (a password on stdin, after the code) before the code is sent: input that
 * would be refused never costs an attempt. A code given with --code is checked before connecting.
 */
Result<Opened> openUnlocked(const Context& ctx, const std::function<Result<void>()>& readInput = {});
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
