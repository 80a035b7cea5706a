// audit: the hash chain of the audit log (docs/FORMAT.md §8): verify it, sign checkpoints, make the signing key.
#include "Support.h"
#include "audit/Chain.h"

#include <QFile>

namespace art32::ctl {
namespace {

using audit::BreakKind;

/** The CTO's signing key from the keychain; with create, a new one (stored, then published) when there is none. */
Result<SecureBytes> signingKey(const Opened& o, bool create, bool* created = nullptr)
{
    Keychain keychain;
    const QString entry = audit::signingKeyEntry(o.db->profile());
    Keychain::Reply r = keychain.readNow(entry);
    if (r.ok()) {
        SecureBytes key = SecureBytes::fromByteArray(r.secret);
        wipe(r.secret);
        // Published already, or again: publishing is idempotent, and a key nobody can check is worthless.
        if (auto p
            = o.db->call([&](pqxx::connection_base& c) { return audit::publishKey(c, audit::publicKeyOf(key)); });
            !p)
            return p.error();
        return key;
    }
    if (r.status != Keychain::Status::NotFound || !create)
        return keychainError(r);
    SecureBytes key = audit::newSigningKey();
    // The keychain first: a failure after this leaves an unpublished key, which the next run publishes.
    if (const Keychain::Reply w = keychain.writeNow(entry, key.view()); !w.ok())
        return keychainError(w);
    if (auto p = o.db->call([&](pqxx::connection_base& c) { return audit::publishKey(c, audit::publicKeyOf(key)); });
        !p)
        return p.error();
    if (created)
        *created = true;
    return key;
}

int keygen(const Context& ctx, const Args&)
{
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    bool created = false;
    auto key = signingKey(o.value(), true, &created);
    if (!key)
        return fail(key.error());
    out() << (created ? "New checkpoint signing key for " : "Checkpoint signing key of ") << o->me.login
          << (created ? " stored in the keychain and published: " : " is in the keychain and published: ")
          << audit::publicKeyOf(key.value()).toHex() << Qt::endl;
    return Ok;
}

/** Prints the verdict; the exit code: Ok when intact, Failed on a break. */
int verdict(const audit::VerifyReport& r)
{
    if (r.kind == BreakKind::None) {
        out() << "Intact: " << r.detail << " (" << r.checked << " checked)" << Qt::endl;
        return Ok;
    }
    err() << "BROKEN at event " << r.brokenSeq << " (" << audit::kindName(r.kind) << "): " << r.detail << '\n'
          << "Intact up to event " << r.intactUpTo << " (" << r.checked << " checked from " << r.firstSeq << ")."
          << Qt::endl;
    return fail({ QStringLiteral("audit.broken"), QStringLiteral("The audit chain is broken.") });
}

int verify(const Context& ctx, const Args& args)
{
    std::optional<audit::Checkpoint> checkpoint;
    if (args.isSet(QStringLiteral("checkpoint"))) {
        QFile f(args.value(QStringLiteral("checkpoint")));
        if (!f.open(QIODevice::ReadOnly))
            return fail({ QStringLiteral("audit.checkpoint_missing"),
                          QStringLiteral("Cannot read the checkpoint %1: %2").arg(f.fileName(), f.errorString()) });
        auto parsed = audit::parseNote(f.read(64 * 1024));
        if (!parsed)
            return fail(parsed.error());
        checkpoint = parsed.value();
    }
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    catchInterrupt();
    auto report = audit::verify(*o->db, args.number(QStringLiteral("from")), checkpoint,
                                progressPrinter(QStringLiteral("Verifying the audit chain")), interruptFlag());
    if (!report)
        return fail(report.error());
    return verdict(report.value());
}

int checkpoint(const Context& ctx, const Args& args)
{
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    if (o->me.role != Role::Cto && o->me.isAdmin())
        return fail({ QStringLiteral("db.denied"), QStringLiteral("Only a CTO signs checkpoints.") });
    auto key = signingKey(o.value(), true);
    if (!key)
        return fail(key.error());
    // A checkpoint vouches for everything before it: only a chain verified now is signed.
    catchInterrupt();
    auto report = audit::verify(*o->db, 1, std::nullopt, progressPrinter(QStringLiteral("Verifying the audit chain")),
                                interruptFlag());
    if (!report)
        return fail(report.error());
    if (report->kind != BreakKind::None)
        return verdict(report.value());
    if (report->intactUpTo < 1)
        return fail({ QStringLiteral("records.none"), QStringLiteral("The audit log is empty: nothing to sign.") });
    auto signedNote = o->db->call(
        [&](pqxx::connection_base& c) { return audit::signCheckpoint(c, report.value(), o->me.login, key.value()); });
    if (!signedNote)
        return fail(signedNote.error());
    const QByteArray note = audit::noteText(signedNote.value());
    if (args.isSet(QStringLiteral("out"))) {
        QFile f(args.value(QStringLiteral("out")));
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || f.write(note) != note.size() || !f.flush())
            return fail({ QStringLiteral("args.invalid"),
                          QStringLiteral("Cannot write the checkpoint to %1 (it must not exist yet): %2")
                              .arg(f.fileName(), f.errorString()) });
        err() << "Checkpoint of event " << signedNote->seq << " written to " << f.fileName() << Qt::endl;
        return Ok;
    }
    out() << note << Qt::flush;
    return Ok;
}

} // namespace

QList<Command> auditCommands()
{
    const auto command = [](const char* name, const QString& summary, Command::Run run) {
        return Command(QStringLiteral("audit"), QLatin1String(name), Needs::Unlock, summary, std::move(run));
    };
    return {
        command("verify", QStringLiteral("Recomputes the audit log's hash chain and names the first broken link."),
                verify)
            .withDetails(QStringLiteral(
                "Reads every event from --from (default: the first) to the last, in seq order, and recomputes each "
                "hash (docs/FORMAT.md §8). A break is an edited row, a missing row, or (with --checkpoint) a log "
                "that differs from or ends before the signed checkpoint. The outcome is itself an audit event. "
                "Exit code 0 when intact, 1 on a break, 5 for a checkpoint that is not valid or not signed by a "
                "published key, 4 when interrupted."))
            .withOptions({
                Option::number(QStringLiteral("from"), QStringLiteral("SEQ"),
                               QStringLiteral("Start at this event (its link to the one before is taken on trust)."), 1,
                               std::numeric_limits<qint64>::max())
                    .withDefault(QStringLiteral("1")),
                Option::text(QStringLiteral("checkpoint"), QStringLiteral("FILE"),
                             QStringLiteral("A note from audit checkpoint: the log must still have that event with "
                                            "that hash.")),
            }),
        command("checkpoint",
                QStringLiteral("A CTO verifies the chain and prints its last event as a signed note (seq, hash, "
                               "time)."),
                checkpoint)
            .withDetails(QStringLiteral(
                "Signed with the CTO's Ed25519 key from the keychain, made and published at the first checkpoint. "
                "Keep the note outside the database: audit verify --checkpoint FILE then detects a rewritten or cut "
                "tail, even one a superuser re-hashed."))
            .withOptions({ Option::text(QStringLiteral("out"), QStringLiteral("FILE"),
                                        QStringLiteral("Write the note to this new file instead of stdout.")) }),
        command("keygen", QStringLiteral("A CTO makes (or re-publishes) the checkpoint signing key."), keygen)
            .withDetails(QStringLiteral("The secret key stays in this keychain; the public key goes to "
                                        "art32.audit_signing_keys, where anyone can check a note against it.")),
    };
}

} // namespace art32::ctl
