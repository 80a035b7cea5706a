// keys: creating the KEK and the index key, and rotating them.
#include "Support.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "crypto/Keys.h"
#include "records/Rotation.h"

#include <atomic>
#include <csignal>

namespace art32::ctl {
namespace {

std::atomic_bool g_interrupted { false };
extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

int init(const Context& ctx, const Args&)
{
    auto opened = openWithPrivateKey(ctx);
    if (!opened)
        return fail(opened.error());
    const Opened& o = opened->first;
    const SecureBytes kek = keys::randomKey();
    const SecureBytes index = keys::randomKey();
    auto r
        = o.db->call([&](pqxx::connection_base& c) { return keyadmin::initialiseKeys(c, kek, index, o.me.publicKey); });
    if (!r)
        return fail(r.error());
    out() << "KEK version 1 and the index key are created and sealed to " << o.me.login << '.' << Qt::endl;
    return Ok;
}

int rotate(const Context& ctx, const Args& args)
{
    const bool kek = args.isSet(QStringLiteral("kek"));
    auto opened = openWithKeys(ctx);
    if (!opened)
        return fail(opened.error());
    auto& [o, ring] = opened.value();
    // Ctrl+C stops after the current batch; running the command again resumes.
    std::signal(SIGINT, onInterrupt);
    auto printer = progressPrinter(kek ? QStringLiteral("Re-wrapping account keys")
                                       : QStringLiteral("Recomputing blind indexes"));
    auto outcome = o.db->call([&](pqxx::connection_base& c) {
        // Another CTO's rotation that started at the same instant sealed its new key to us: read our keys again
        // and join it.
        const rotation::ReloadKeys reload = [&]() -> Result<void> {
            auto key = privateKey(o);
            if (!key)
                return key.error();
            return ring->load(c, o.me.publicKey, key.value());
        };
        return kek ? rotation::rotateKek(c, *ring, o.me.publicKey, printer, &g_interrupted, 20000, reload)
                   : rotation::rotateIndexKey(c, *ring, o.me.publicKey, printer, &g_interrupted, 5000, reload);
    });
    std::signal(SIGINT, SIG_DFL);
    if (!outcome)
        return fail(afterBatches(outcome.error(),
                                 QStringLiteral("Each batch is one transaction: the one in progress was rolled back, "
                                                "and every record stays readable. Run the same command again to "
                                                "resume.")));
    if (!outcome->finished) {
        out() << "Interrupted after " << outcome->rowsMoved << " rows; every record stays readable. Run the same "
              << "command again to resume." << Qt::endl;
        return Interrupted;
    }
    if (!outcome->finishedBy.isEmpty()) {
        out() << (kek ? "KEK" : "Index key") << " rotation to version " << outcome->toVersion << " was finished by "
              << outcome->finishedBy << " at " << outcome->finishedAt.toLocalTime().toString(Qt::ISODate) << " ("
              << outcome->rowsMoved << " rows moved by this run)." << Qt::endl;
        return Ok;
    }
    out() << (kek ? "KEK" : "Index key") << " rotated from version " << outcome->fromVersion << " to "
          << outcome->toVersion << " (" << outcome->rowsMoved << " rows)." << Qt::endl;
    return Ok;
}

} // namespace

QList<Command> keysCommands()
{
    const QString group = QStringLiteral("keys");
    return {
        Command(group, QStringLiteral("init"), Needs::Unlock,
                QStringLiteral("A CTO creates KEK version 1 and the index key, sealed to themselves."), init),
        Command(group, QStringLiteral("rotate"), Needs::Unlock,
                QStringLiteral("A CTO rotates the KEK (re-wraps every account key) or the index key."), rotate)
            .withDetails(QStringLiteral("Ctrl+C stops after the current batch with exit code 4; every record stays "
                                        "readable, and the same command resumes."))
            .withOptions({
                Option::flag(QStringLiteral("kek"), QStringLiteral("Rotate the key encryption key.")),
                Option::flag(QStringLiteral("index"), QStringLiteral("Rotate the blind index key.")),
            })
            .withExactlyOneOf({ QStringLiteral("kek"), QStringLiteral("index") }),
    };
}

} // namespace art32::ctl
