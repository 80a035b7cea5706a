#include "accounts/AccountPanel.h"

#include "auth/Enrollment.h"
#include "core/TimeFormat.h"
#include "records/Grants.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/Dialogs.h"
#include "widgets/Icons.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <memory>

namespace art32::ui {
namespace {

QString statusWord(const QString& status)
{
    return status == QLatin1String("erased") ? AccountPanel::tr("erased")
        : status == QLatin1String("active")  ? AccountPanel::tr("active")
                                             : status;
}

const QString kHidden = QStringLiteral("••••••••");
constexpr int kMinReason = grants::kMinReason; ///< the server refuses shorter reasons for a grant

/** "3 h 12 min", "12 min", "less than a minute". */
QString timeLeft(qint64 seconds)
{
    const qint64 minutes = seconds / 60;
    if (minutes < 1)
        return AccountPanel::tr("less than a minute");
    if (minutes < 60)
        return AccountPanel::tr("%n min", nullptr, static_cast<int>(minutes));
    if (minutes % 60 == 0)
        return AccountPanel::tr("%n h", nullptr, static_cast<int>(minutes / 60));
    return AccountPanel::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

} // namespace

AccountPanel::AccountPanel(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_meta(new QLabel(this))
    , m_banner(new Banner(this))
    , m_revealedLabel(new QLabel(this))
    , m_table(new QTableWidget(0, 3, this))
    , m_revealButton(new QPushButton(this))
    , m_editButton(new QPushButton(this))
    , m_deleteButton(new QPushButton(this))
    , m_copyButton(new QPushButton(this))
    , m_eraseButton(new QPushButton(this))
    , m_grantButton(new QPushButton(this))
    , m_accessLabel(new QLabel(this))
    , m_requestButton(new QPushButton(this))
    , m_withdrawButton(new QPushButton(this))
    , m_editor(new QWidget(this))
    , m_valueEdit(new QLineEdit(this))
    , m_editMessage(new QLabel(this))
    , m_saveButton(new QPushButton(this))
    , m_reloadButton(new QPushButton(this))
    , m_cancelEditButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("accountPanel"));
    m_revealButton->setObjectName(QStringLiteral("revealButton"));
    m_editButton->setObjectName(QStringLiteral("editButton"));
    m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_eraseButton->setObjectName(QStringLiteral("eraseButton"));
    m_grantButton->setObjectName(QStringLiteral("grantButton"));
    m_accessLabel->setObjectName(QStringLiteral("accessLabel"));
    m_requestButton->setObjectName(QStringLiteral("requestAccessButton"));
    m_withdrawButton->setObjectName(QStringLiteral("withdrawRequestButton"));
    m_accessLabel->setWordWrap(true);
    m_valueEdit->setObjectName(QStringLiteral("valueLineEdit"));
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_reloadButton->setObjectName(QStringLiteral("reloadButton"));
    m_cancelEditButton->setObjectName(QStringLiteral("cancelEditButton"));
    m_editMessage->setObjectName(QStringLiteral("editMessageLabel"));
    m_revealedLabel->setObjectName(QStringLiteral("revealedLabel"));
    m_meta->setObjectName(QStringLiteral("metaLabel"));
    m_table->setObjectName(QStringLiteral("recordsTableWidget"));

    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_title->setFont(f);
    m_title->setWordWrap(true);
    m_meta->setWordWrap(true);
    m_revealedLabel->setWordWrap(true);
    m_revealedLabel->setTextFormat(Qt::RichText);
    m_editMessage->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);
    m_revealButton->setIcon(icon(QStringLiteral("unlock")));

    retranslate();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_revealButton);
    buttons->addWidget(m_requestButton);
    buttons->addWidget(m_withdrawButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_copyButton);
    buttons->addWidget(m_deleteButton);
    buttons->addStretch(1);
    // Audit view (i12-view): every read and change of this account, in one click, for every role.
    m_whoSawButton = new QPushButton(this);
    m_whoSawButton->setObjectName(QStringLiteral("whoSawButton"));
    m_whoSawButton->setIcon(icon(QStringLiteral("audit")));
    m_whoSawButton->setText(tr("&Who saw its data?"));
    m_whoSawButton->setToolTip(tr("Opens the audit log filtered to this account: every read and change of it."));
    connect(m_whoSawButton, &QPushButton::clicked, this, [this] {
        if (m_account)
            emit auditRequested(m_account->id);
    });
    buttons->addWidget(m_whoSawButton);
    buttons->addWidget(m_grantButton);
    buttons->addWidget(m_eraseButton);

    auto* editor = new QHBoxLayout(m_editor);
    editor->setContentsMargins(0, 0, 0, 0);
    editor->addWidget(m_valueEdit, 1);
    editor->addWidget(m_saveButton);
    editor->addWidget(m_reloadButton);
    editor->addWidget(m_cancelEditButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_meta);
    layout->addWidget(m_banner);
    layout->addWidget(m_accessLabel);
    layout->addWidget(m_revealedLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_editor);
    layout->addWidget(m_editMessage);
    layout->addLayout(buttons);

    m_concealTimer.setSingleShot(true);
    m_countdown.setInterval(1000);
    connect(&m_concealTimer, &QTimer::timeout, this, &AccountPanel::conceal);
    connect(&m_countdown, &QTimer::timeout, this, [this] {
        m_secondsLeft = qMax(0, m_secondsLeft - 1);
        showRevealedMarker();
    });
    m_clipTimer.setInterval(1000);
    connect(&m_clipTimer, &QTimer::timeout, this, [this] {
        m_clipSecondsLeft = qMax(0, m_clipSecondsLeft - 1);
        if (m_clipSecondsLeft > 0) {
            showClipboardCountdown();
            return;
        }
        clearClipboard();
        m_banner->showMessage(Level::Ok, tr("The clipboard was cleared."));
    });
    connect(qApp, &QCoreApplication::aboutToQuit, this, &AccountPanel::clearClipboard);
    connect(m_revealButton, &QPushButton::clicked, this, [this] {
        if (m_revealed)
            conceal();
        else
            reveal();
    });
    connect(m_editButton, &QPushButton::clicked, this, &AccountPanel::startEdit);
    connect(m_saveButton, &QPushButton::clicked, this, &AccountPanel::saveEdit);
    connect(m_valueEdit, &QLineEdit::returnPressed, this, &AccountPanel::saveEdit);
    connect(m_reloadButton, &QPushButton::clicked, this, &AccountPanel::reveal);
    connect(m_cancelEditButton, &QPushButton::clicked, this, &AccountPanel::cancelEdit);
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_editor);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &AccountPanel::cancelEdit);
    connect(m_deleteButton, &QPushButton::clicked, this, &AccountPanel::deleteRecord);
    connect(m_copyButton, &QPushButton::clicked, this, &AccountPanel::copyValue);
    connect(m_eraseButton, &QPushButton::clicked, this, &AccountPanel::eraseAccount);
    connect(m_grantButton, &QPushButton::clicked, this, &AccountPanel::grantAccess);
    connect(m_requestButton, &QPushButton::clicked, this, &AccountPanel::requestAccess);
    connect(m_withdrawButton, &QPushButton::clicked, this, &AccountPanel::withdrawRequest);
    m_accessTimer.setInterval(30 * 1000);
    connect(&m_accessTimer, &QTimer::timeout, this, [this] {
        // The time left counts down here; the server says again once it has run out.
        if (m_access && m_access->mayRead && m_access->secondsLeft - m_accessAge.elapsed() / 1000 <= 0)
            refreshAccess();
        else
            showAccess();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AccountPanel::selectionChanged);
    setAccount(std::nullopt);
}

void AccountPanel::showRevealedMarker()
{
    // Visibly different from everything else on screen: an icon, bold words, and the time left.
    const QString text = tr("Personal data revealed (the read is audited). Hides in %n s.", nullptr, m_secondsLeft);
    m_revealedLabel->setText(
        QStringLiteral("<img src=\":/icons/status-warning.svg\" width=\"16\" height=\"16\"> <b>%1</b>")
            .arg(text.toHtmlEscaped()));
    m_revealedLabel->setAccessibleName(text);
}

void AccountPanel::retranslate()
{
    updateRevealButton();
    m_editButton->setText(tr("&Edit"));
    m_deleteButton->setText(tr("&Delete"));
    m_copyButton->setText(tr("&Copy"));
    m_eraseButton->setText(tr("Erase account…"));
    m_grantButton->setText(tr("Grant access…"));
    m_grantButton->setToolTip(tr("Lets a system administrator read this account's personal data for a limited time."));
    m_requestButton->setText(tr("Re&quest access…"));
    m_requestButton->setToolTip(tr("Asks a CTO to let you read this account's personal data for a while. The request "
                                   "and the decision are audited."));
    m_withdrawButton->setText(tr("&Withdraw request"));
    m_saveButton->setText(tr("&Save"));
    m_reloadButton->setText(tr("Re&load their version"));
    m_cancelEditButton->setText(tr("Cancel"));
    m_cancelEditButton->setToolTip(tr("Stops editing and keeps the stored value (Escape)."));
    m_table->setHorizontalHeaderLabels({ tr("Contact"), tr("Kind"), tr("Value") });
    m_revealButton->setToolTip(tr("Shows the decrypted records. The server records who read which account, and when."));
    if (m_whoSawButton) {
        m_whoSawButton->setText(tr("&Who saw its data?"));
        m_whoSawButton->setToolTip(tr("Opens the audit log filtered to this account: every read and change of it."));
    }

    updateTitle();
    showAccess();
}

void AccountPanel::updateRevealButton()
{
    m_revealButton->setText(m_revealed ? tr("&Hide personal data") : tr("&Reveal personal data"));
    m_revealButton->setIcon(icon(m_revealed ? QStringLiteral("lock") : QStringLiteral("unlock")));
}

void AccountPanel::updateTitle()
{
    const auto& account = m_account;
    const bool any = account.has_value();
    m_title->setText(any ? tr("%1 (account %2)").arg(account->companyName).arg(account->id)
                         : tr("Select an account to see its details."));
    m_meta->setText(any ? tr("Plan: %1 · Status: %2 · Created: %3")
                              .arg(account->plan, statusWord(account->status), timefmt::absolute(account->createdAt))
                        : QString());
    if (m_revealed)
        showRevealedMarker();
}

void AccountPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_banner->hide(); // its message is in the old language
        retranslate();
        showRecords(); // kind names
    }
    QWidget::changeEvent(event);
}

void AccountPanel::setAccount(const std::optional<AccountRow>& account)
{
    conceal();
    m_account = account;
    m_banner->hide();
    const bool any = account.has_value();
    updateTitle();
    const bool erased = any && account->status == QLatin1String("erased");
    const Capabilities may = m_session->capabilities();
    m_revealButton->setEnabled(any && !erased && may.canReveal);
    m_eraseButton->setVisible(may.canErase);
    m_eraseButton->setEnabled(any && !erased);
    m_grantButton->setVisible(may.canGrant);
    m_grantButton->setEnabled(any && !erased);
    if (m_whoSawButton)
        m_whoSawButton->setEnabled(any); // an erased account's history too
    if (!may.canReveal)
        m_revealButton->setToolTip(tr("Auditors never see personal data."));
    // A sysadmin reads with access only: Reveal shows once the server says so, else "Request access…".
    m_access.reset();
    m_accessTimer.stop();
    showAccess();
    if (may.revealNeedsGrant && any && !erased)
        refreshAccess();
}

QString AccountPanel::accessText() const
{
    if (!m_access)
        return {};
    if (m_access->mayRead)
        return tr("You may read this account for %1.")
            .arg(timeLeft(qMax<qint64>(0, m_access->secondsLeft - m_accessAge.elapsed() / 1000)));
    if (m_access->pendingRequest)
        return tr("Your request for access is pending: a CTO decides.");
    return tr("You may ask for access to this account's personal data.");
}

void AccountPanel::showAccess()
{
    const bool needsGrant = m_session->capabilities().revealNeedsGrant;
    const bool erased = m_account && m_account->status == QLatin1String("erased");
    const bool known = needsGrant && m_account && !erased && m_access;
    m_accessLabel->setVisible(known);
    m_accessLabel->setText(accessText());
    if (!needsGrant) {
        m_requestButton->hide();
        m_withdrawButton->hide();
        return;
    }
    const bool mayRead = known && m_access->mayRead;
    m_revealButton->setVisible(mayRead || m_revealed);
    m_requestButton->setVisible(known && !m_access->mayRead && !m_access->pendingRequest);
    m_withdrawButton->setVisible(known && !m_access->mayRead && m_access->pendingRequest);
}

void AccountPanel::refreshAccess()
{
    if (!m_account)
        return;
    const qint64 id = m_account->id;
    m_session->request(
        this, [id](Services& s) { return s.accessStatus({ id }); },
        [this, id](Result<QList<AccessStatus>> status) {
            if (!m_account || m_account->id != id)
                return;
            if (!status) {
                m_banner->showMessage(Level::Error, status.error().message);
                return;
            }
            m_access = status->isEmpty() ? AccessStatus { id, false, {}, 0, 0, 0 } : status->constFirst();
            m_accessAge.start();
            if (m_access->mayRead)
                m_accessTimer.start();
            else
                m_accessTimer.stop();
            showAccess();
        });
}

void AccountPanel::requestAccess()
{
    if (!m_account)
        return;
    const qint64 id = m_account->id;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("requestAccessDialog"));
    dialog.setWindowTitle(tr("Request access to account %1").arg(id));
    auto* reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("requestReasonLineEdit"));
    reason->setPlaceholderText(tr("Why, e.g. the ticket number"));
    auto* hours = new QComboBox(&dialog);
    hours->setObjectName(QStringLiteral("requestDurationComboBox"));
    for (int h : { 1, 2, 4, 8, 12, 24 })
        hours->addItem(tr("%n hour(s)", nullptr, h), h * 60);
    hours->setCurrentIndex(hours->findData(grants::kDefaultRequestMinutes));
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("&Reason:"), reason);
    form->addRow(tr("&For:"), hours);
    auto* hint = new QLabel(&dialog);
    hint->setObjectName(QStringLiteral("requestHintLabel"));
    hint->setWordWrap(true);
    form->addRow(hint);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    auto* ok = box->addButton(tr("&Ask for access"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("requestConfirmButton"));
    form->addRow(box);
    const auto validate = [reason, hint, ok] {
        const bool enough = reason->text().trimmed().size() >= kMinReason;
        ok->setEnabled(enough);
        ok->setDefault(enough);
        hint->setText(enough ? tr("A CTO approves or refuses; access then ends on its own.")
                             : tr("Give a reason of at least %1 characters, e.g. the ticket number.").arg(kMinReason));
    };
    connect(reason, &QLineEdit::textChanged, &dialog, validate);
    validate();
    connect(box, &QDialogButtonBox::accepted, &dialog, [&dialog, reason] {
        if (reason->text().trimmed().size() >= kMinReason)
            dialog.accept();
    });
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    fitDialog(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString why = reason->text().trimmed();
    const int minutes = hours->currentData().toInt();
    m_session->request(
        this, [id, why, minutes](Services& s) { return s.requestAccess(id, why, minutes); },
        [this](Result<qint64> requested) {
            if (!requested)
                m_banner->showMessage(Level::Error, requested.error().message);
            else
                m_banner->showMessage(Level::Ok, tr("Asked. A CTO decides; the request is audited."));
            refreshAccess();
        });
}

void AccountPanel::withdrawRequest()
{
    if (!m_access || !m_access->pendingRequest)
        return;
    const qint64 request = m_access->pendingRequest;
    m_session->request(
        this, [request](Services& s) { return s.withdrawRequest(request); },
        [this](Result<bool> withdrawn) {
            if (!withdrawn)
                m_banner->showMessage(Level::Error, withdrawn.error().message);
            else if (withdrawn.value())
                m_banner->showMessage(Level::Ok, tr("Your request is withdrawn."));
            else
                m_banner->showMessage(Level::Warning, tr("A CTO decided on your request meanwhile."));
            refreshAccess();
        });
}

void AccountPanel::reveal()
{
    if (!m_account)
        return;
    const qint64 id = m_account->id;
    m_revealButton->setEnabled(false);
    m_session->request(
        this, [id](Services& s) { return s.reveal(id); },
        [this, id](Result<QList<PlainRecord>> records) {
            m_revealButton->setEnabled(true);
            if (!m_account || m_account->id != id)
                return;
            if (!records) {
                m_banner->showMessage(Level::Error, records.error().message);
                if (records.error().code == QLatin1String("access.refused"))
                    refreshAccess(); // it ended meanwhile: show what the sysadmin may do now
                return;
            }
            m_banner->hide();
            const QString typed = m_editing >= 0 ? m_valueEdit->text() : QString();
            m_records = std::move(records).value();
            m_revealed = true;
            updateRevealButton();
            m_secondsLeft = kRevealSeconds;
            m_concealTimer.start(kRevealSeconds * 1000);
            m_countdown.start();
            showRevealedMarker();
            showRecords();
            if (!typed.isEmpty())
                m_valueEdit->setText(typed); // a reload after a conflict keeps what the user typed
        });
}

void AccountPanel::conceal()
{
    m_revealed = false;
    updateRevealButton();
    m_concealTimer.stop();
    m_countdown.stop();
    for (PlainRecord& r : m_records)
        r.value.fill('\0'); // forget, not just hide
    m_records.clear();
    m_editing = -1;
    m_valueEdit->clear();
    m_editMessage->clear();
    m_reloadButton->hide();
    showRecords();
}

void AccountPanel::showRecords()
{
    m_table->setRowCount(static_cast<int>(m_records.size()));
    for (int row = 0; row < m_records.size(); ++row) {
        const PlainRecord& r = m_records.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::number(r.contact)));
        m_table->setItem(row, 1, new QTableWidgetItem(records::kindName(r.kind)));
        auto* value = new QTableWidgetItem(r.intact ? QString::fromUtf8(r.value) : tr("Integrity error: not shown"));
        if (!r.intact) {
            value->setIcon(levelIcon(Level::Error));
            value->setToolTip(r.error);
        }
        m_table->setItem(row, 2, value);
    }
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(1);
    m_revealedLabel->setVisible(m_revealed);
    m_editor->setVisible(m_editing >= 0);
    selectionChanged();
}

int AccountPanel::selectedRecord() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void AccountPanel::selectionChanged()
{
    const int row = selectedRecord();
    const bool usable = m_revealed && row >= 0 && row < m_records.size() && m_records.at(row).intact;
    m_editButton->setEnabled(usable);
    m_copyButton->setEnabled(usable);
    m_deleteButton->setEnabled(m_revealed && row >= 0);
}

void AccountPanel::startEdit()
{
    const int row = selectedRecord();
    if (row < 0)
        return;
    m_editing = row;
    m_valueEdit->setText(QString::fromUtf8(m_records.at(row).value));
    m_editMessage->clear();
    m_reloadButton->hide();
    m_editor->show();
    m_valueEdit->setFocus();
}

void AccountPanel::cancelEdit()
{
    if (m_editing < 0)
        return;
    const int row = m_editing;
    m_editing = -1;
    m_valueEdit->clear();
    m_editMessage->clear();
    m_reloadButton->hide();
    m_editor->hide();
    m_table->selectRow(row);
    m_table->setFocus();
}

void AccountPanel::saveEdit()
{
    if (m_editing < 0 || m_editing >= m_records.size())
        return;
    const PlainRecord record = m_records.at(m_editing);
    const QString value = m_valueEdit->text().trimmed();
    if (const QString problem = records::validate(record.kind, value); !problem.isEmpty()) {
        m_editMessage->setText(problem);
        return;
    }
    m_saveButton->setEnabled(false);
    m_session->request(
        this, [record, value](Services& s) { return s.saveRecord(record, value.toUtf8()); },
        [this, value](Result<int> version) {
            m_saveButton->setEnabled(true);
            if (!version) {
                // The input stays in the editor: nothing is lost when the database is away.
                m_editMessage->setText(version.error().message);
                return;
            }
            if (version.value() == 0) {
                m_editMessage->setText(tr("Someone saved this record after you opened it. Reload to see their "
                                          "version; your text stays here."));
                m_reloadButton->show();
                return;
            }
            m_records[m_editing].value = value.toUtf8();
            m_records[m_editing].version = version.value();
            m_editing = -1;
            m_editMessage->setText(tr("Saved."));
            showRecords();
        });
}

void AccountPanel::deleteRecord()
{
    const int row = selectedRecord();
    if (row < 0 || row >= m_records.size())
        return;
    const PlainRecord record = m_records.at(row);
    QMessageBox box(QMessageBox::Question, tr("Delete record"),
                    tr("Delete the %1 of contact %2 of account %3? This cannot be undone.")
                        .arg(records::kindName(record.kind).toLower())
                        .arg(record.contact)
                        .arg(record.accountId),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("deleteRecordBox"));
    // Named for what it does, and never the default: Return must not delete.
    QPushButton* remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("deleteConfirmButton"));
    remove->setAutoDefault(false);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    m_session->request(
        this, [record](Services& s) { return s.deleteRecord(record); },
        [this](Result<bool> done) {
            if (!done)
                m_banner->showMessage(Level::Error, done.error().message);
            else if (!done.value())
                m_banner->showMessage(Level::Warning, tr("The record changed or went meanwhile; nothing was deleted."),
                                      QString());
            reveal();
        });
}

void AccountPanel::copyValue()
{
    const int row = selectedRecord();
    if (row < 0 || row >= m_records.size())
        return;
    clearClipboard(); // an earlier copy of ours goes first
    m_clipText = QString::fromUtf8(m_records.at(row).value);
    auto* mime = new QMimeData;
    mime->setText(m_clipText);
    // Password managers and clipboard histories on KDE and others skip data marked like this.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QApplication::clipboard()->setMimeData(mime);
    m_clipSecondsLeft = kClipboardSeconds;
    m_clipTimer.start();
    showClipboardCountdown();
}

void AccountPanel::showClipboardCountdown()
{
    m_banner->showMessage(
        Level::Warning,
        tr("Copied. The clipboard is cleared in %n s, or when the console locks.", nullptr, m_clipSecondsLeft));
}

void AccountPanel::clearClipboard()
{
    m_clipTimer.stop();
    if (m_clipText.isEmpty())
        return;
    // Only if it still holds our text: never wipe what the user copied since.
    QClipboard* clipboard = QApplication::clipboard();
    if (clipboard->text() == m_clipText)
        clipboard->clear();
    m_clipText.fill(QLatin1Char('\0'));
    m_clipText.clear();
}

AccountPanel::~AccountPanel()
{
    clearClipboard(); // locking (and quitting) destroys the window: the copied value goes with it
}

void AccountPanel::eraseAccount()
{
    if (!m_account)
        return;
    const qint64 id = m_account->id;
    // Not a QInputDialog: its label does not wrap, and the dialog grew wider than the screen (1,513 px).
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("eraseDialog"));
    dialog.setWindowTitle(tr("Erase account %1").arg(id));
    auto* text = new QLabel(tr("This destroys the key of \"%1\" (account %2): all its personal data becomes "
                               "unreadable everywhere, also in backups, and its records are deleted. Backups still "
                               "hold the unreadable ciphertext until they expire. This cannot be undone.")
                                .arg(m_account->companyName)
                                .arg(id),
                            &dialog);
    text->setWordWrap(true);
    auto* prompt = new QLabel(tr("Type the account id &%1 to confirm:").arg(id), &dialog);
    prompt->setWordWrap(true);
    auto* typedEdit = new QLineEdit(&dialog);
    typedEdit->setObjectName(QStringLiteral("eraseIdLineEdit"));
    prompt->setBuddy(typedEdit);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    auto* erase = box->addButton(tr("Erase account %1").arg(id), QDialogButtonBox::DestructiveRole);
    erase->setObjectName(QStringLiteral("eraseConfirmButton"));
    erase->setAutoDefault(false);
    erase->setEnabled(false);
    box->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(typedEdit, &QLineEdit::textChanged, erase,
            [erase, id](const QString& t) { erase->setEnabled(t.trimmed() == QString::number(id)); });
    connect(erase, &QPushButton::clicked, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(prompt);
    layout->addWidget(typedEdit);
    layout->addWidget(box);
    fitDialog(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString typed = typedEdit->text();
    if (typed.trimmed() != QString::number(id)) {
        m_banner->showMessage(Level::Warning, tr("The id you typed does not match; nothing was erased."));
        return;
    }
    m_session->request(
        this, [id, typed](Services& s) { return s.eraseAccount(id, typed); },
        [this](Result<QDateTime> until) {
            if (!until) {
                m_banner->showMessage(Level::Error, until.error().message);
                return;
            }
            conceal();
            m_banner->showMessage(Level::Ok,
                                  tr("Erased. Its ciphertext remains in backups until %1, unreadable without the "
                                     "destroyed key.")
                                      .arg(timefmt::absolute(until.value())));
            emit accountChanged();
        });
}

void AccountPanel::grantAccess()
{
    if (!m_account)
        return;
    const qint64 id = m_account->id;
    m_session->request(
        this, [](Services& s) { return s.admins(); },
        [this, id](Result<QList<AdminInfo>> admins) {
            if (!admins) {
                m_banner->showMessage(Level::Error, admins.error().message);
                return;
            }
            QDialog dialog(this);
            dialog.setWindowTitle(tr("Grant access to account %1").arg(id));
            auto* who = new QComboBox(&dialog);
            who->setObjectName(QStringLiteral("grantAdminComboBox"));
            for (const AdminInfo& a : admins.value()) {
                if (Capabilities::of(a.role).revealNeedsGrant && !a.disabledAt.isValid())
                    who->addItem(QStringLiteral("%1 (%2)").arg(a.displayName, a.login), a.login);
            }
            auto* reason = new QLineEdit(&dialog);
            reason->setObjectName(QStringLiteral("grantReasonLineEdit"));
            reason->setPlaceholderText(tr("Why, e.g. the ticket number"));
            auto* minutes = new QSpinBox(&dialog);
            minutes->setRange(5, 7 * 24 * 60);
            minutes->setValue(60);
            minutes->setSuffix(tr(" min"));
            auto* form = new QFormLayout(&dialog);
            form->addRow(tr("&System administrator:"), who);
            form->addRow(tr("&Reason:"), reason);
            form->addRow(tr("&For:"), minutes);
            // Validated in place: the dialog stays open, with what was typed, until the reason is long enough.
            auto* hint = new QLabel(&dialog);
            hint->setObjectName(QStringLiteral("grantHintLabel"));
            hint->setWordWrap(true);
            form->addRow(hint);
            auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
            auto* ok = box->addButton(tr("&Grant access"), QDialogButtonBox::AcceptRole);
            ok->setObjectName(QStringLiteral("grantConfirmButton"));
            form->addRow(box);
            const auto validate = [reason, hint, ok] {
                const int missing = kMinReason - static_cast<int>(reason->text().trimmed().size());
                ok->setEnabled(missing <= 0);
                hint->setText(
                    missing <= 0
                        ? QString()
                        : tr("Give a reason of at least %1 characters, e.g. the ticket number.").arg(kMinReason));
                ok->setDefault(missing <= 0);
            };
            connect(reason, &QLineEdit::textChanged, &dialog, validate);
            validate();
            connect(box, &QDialogButtonBox::accepted, &dialog, [&dialog, reason] {
                if (reason->text().trimmed().size() >= kMinReason)
                    dialog.accept();
            });
            connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
            if (who->count() == 0) {
                m_banner->showMessage(Level::Warning,
                                      tr("There is no active system administrator to grant access to."));
                return;
            }
            fitDialog(&dialog);
            if (dialog.exec() != QDialog::Accepted)
                return;
            const QString login = who->currentData().toString();
            const QString why = reason->text().trimmed();
            const int mins = minutes->value();
            m_session->request(
                this, [login, id, why, mins](Services& s) { return s.grantAccess(login, id, why, mins); },
                [this, login, mins](Result<qint64> granted) {
                    if (!granted)
                        m_banner->showMessage(Level::Error, granted.error().message);
                    else
                        m_banner->showMessage(Level::Ok,
                                              tr("%1 may read this account's personal data for %2; the grant and every "
                                                 "read are audited.")
                                                  .arg(login, timefmt::duration(qint64(mins) * 60)));
                });
        });
}

void AccountPanel::hideEvent(QHideEvent* event)
{
    // A view change hides plaintext. So does the window hiding for a new code after a reconnect, but an open
    // edit, the admin's own typing, stays for the save after it.
    if (m_session->resuming())
        concealKeepingEdit();
    else
        conceal();
    QWidget::hideEvent(event);
}

void AccountPanel::concealKeepingEdit()
{
    if (m_editing < 0 || m_editing >= m_records.size()) {
        conceal();
        return;
    }
    PlainRecord edited = m_records.at(m_editing);
    edited.value.fill('\0');
    edited.value.clear();
    const QString typed = m_valueEdit->text();
    const QString message = m_editMessage->text();
    conceal();
    m_records.append(edited);
    m_editing = 0;
    m_valueEdit->setText(typed);
    m_editMessage->setText(message);
    m_editor->show();
    showRecords();
}

} // namespace art32::ui
