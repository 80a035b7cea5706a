#include "accounts/AccountsView.h"

#include "accounts/AccountPanel.h"
#include "accounts/AccountsModel.h"
#include "core/PrivateFile.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/Dialogs.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace art32::ui {

enum SearchMode { ByName, ById, ByEmail, ByPhone };

AccountsView::AccountsView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new AccountsModel(session, this))
    , m_banner(new Banner(this))
    , m_searchMode(new QComboBox(this))
    , m_searchEdit(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_panel(new AccountPanel(session, this))
    , m_scanButton(new QPushButton(this))
    , m_cancelScanButton(new QPushButton(this))
    , m_exportButton(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("accountsWidget"));
    m_searchMode->setObjectName(QStringLiteral("searchModeComboBox"));
    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_table->setObjectName(QStringLiteral("accountsTableView"));
    m_scanButton->setObjectName(QStringLiteral("integrityScanButton"));
    m_exportButton->setObjectName(QStringLiteral("exportSubjectButton"));
    m_status->setObjectName(QStringLiteral("accountsStatusLabel"));

    m_searchEdit->setClearButtonEnabled(true);
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_searchEdit, qOverload<>(&QLineEdit::setFocus));

    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(AccountsModel::Id, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // never measure rows of a big model
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table (reading order); the arrow keys move inside it
    m_table->setColumnWidth(AccountsModel::Id, m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")));
    m_table->setColumnWidth(AccountsModel::Company, m_table->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 24);

    m_progress->hide();
    m_cancelScanButton->hide();
    const Capabilities may = session->capabilities();
    m_scanButton->setVisible(may.canScan);
    m_exportButton->setVisible(may.canExportSubject);
    addSearchModes(m_searchMode, may);

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searchMode);
    searchRow->addWidget(m_searchEdit, 1);
    auto* tools = new QHBoxLayout;
    tools->addWidget(m_status, 1);
    tools->addWidget(m_progress);
    tools->addWidget(m_cancelScanButton);
    tools->addWidget(m_scanButton);
    tools->addWidget(m_exportButton);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_panel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(searchRow);
    layout->addWidget(splitter, 1);
    layout->addLayout(tools);

    retranslate();
    connect(m_searchEdit, &QLineEdit::returnPressed, this, &AccountsView::search);
    connect(m_searchEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            clearSearch();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AccountsView::currentChanged);
    // The pane follows the selection: a new search, a reload after an erasure or removed rows take the shown
    // account away, and the pane must not keep offering Reveal, Grant or Erase for a customer no longer listed.
    connect(m_model, &QAbstractItemModel::modelReset, this, &AccountsView::currentChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AccountsView::currentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AccountsView::currentChanged);
    connect(m_model, &AccountsModel::loadFailed, this,
            [this](const Error& e) { m_banner->showMessage(Level::Error, e.message, tr("Retry")); });
    connect(m_model, &AccountsModel::loaded, this, &AccountsView::updateStatus);
    connect(m_model, &AccountsModel::loadingStarted, this, &AccountsView::updateStatus);
    connect(m_banner, &Banner::actionTriggered, this, [this] {
        m_banner->hide();
        m_model->reload();
    });
    connect(m_panel, &AccountPanel::accountChanged, this, [this] {
        m_model->reload();
        loadTotal();
    });
    connect(m_scanButton, &QPushButton::clicked, this, &AccountsView::runIntegrityScan);
    connect(m_cancelScanButton, &QPushButton::clicked, this, [this] {
        if (m_cancel)
            m_cancel->store(true);
    });
    connect(m_exportButton, &QPushButton::clicked, this, &AccountsView::exportSubject);
    connect(m_panel, &AccountPanel::auditRequested, this, &AccountsView::auditRequested); // Audit view (i12-view)
}

void AccountsView::retranslate()
{
    labelSearchModes(m_searchMode);
    m_searchEdit->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_searchEdit->setAccessibleName(tr("Search text"));
    m_table->setAccessibleName(tr("Accounts"));
    // Wide enough for the header in every language ("Abonnement" was clipped in Dutch).
    for (int column : { int(AccountsModel::Plan), int(AccountsModel::Status) })
        m_table->setColumnWidth(column,
                                qMax(m_table->horizontalHeader()->sectionSizeHint(column),
                                     m_table->fontMetrics().horizontalAdvance(QStringLiteral("enterprise")) + 16));
    m_scanButton->setText(tr("Integrity scan"));
    m_scanButton->setToolTip(tr("Decrypts every record you may read and lists each one that fails authentication."));
    m_cancelScanButton->setText(tr("Cancel"));
    m_exportButton->setText(tr("Export data subject…"));
}

void AccountsView::updateStatus()
{
    if (!m_loadedOnce)
        return;
    if (m_model->isLoading() && m_model->rowCount() == 0) {
        // E.g. while an index rotation holds the rows back: say so rather than show an empty list.
        m_status->setText(tr("Loading accounts…"));
        return;
    }
    if (m_model->isLoading())
        return;
    if (m_model->rowCount() == 0)
        m_status->setText(m_searchEdit->text().isEmpty() ? tr("No accounts yet. The SaaS platform adds them; for "
                                                              "the demo run \"art32ctl demo seed --accounts 1000\".")
                                                         : tr("No account matches."));
    else if (!m_searchEdit->text().trimmed().isEmpty() || !m_total)
        m_status->setText(tr("%n account(s) shown", nullptr, m_model->rowCount()));
    else if (m_total->estimated)
        // "800 of about 102,000 accounts": the total is the planner's estimate for a large table.
        m_status->setText(
            tr("%L1 of about %Ln account(s)", nullptr, static_cast<int>(m_total->count)).arg(m_model->rowCount()));
    else
        m_status->setText(
            tr("%L1 of %Ln account(s)", nullptr, static_cast<int>(m_total->count)).arg(m_model->rowCount()));
}

void AccountsView::loadTotal()
{
    m_session->request(
        this, [](Services& s) { return s.accountTotal(); },
        [this](Result<records::AccountTotal> total) {
            if (total)
                m_total = total.value();
            updateStatus();
        });
}

void AccountsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_banner->hide(); // its message is in the old language
        retranslate();
        updateStatus();
    }
    QWidget::changeEvent(event);
}

void AccountsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce) {
        m_loadedOnce = true;
        m_model->reload();
        loadTotal();
    }
}

void AccountsView::currentChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const std::optional<AccountRow> shown
        = rows.isEmpty() ? std::nullopt : std::optional<AccountRow>(m_model->account(rows.first().row()));
    if (shown.has_value() == m_panel->account().has_value() && (!shown || shown->id == m_panel->account()->id))
        return; // the same account: keep what is revealed
    m_panel->setAccount(shown);
}

void AccountsView::search()
{
    const QString text = m_searchEdit->text().trimmed();
    m_banner->hide();
    if (text.isEmpty()) {
        clearSearch();
        return;
    }
    runSearch(m_session, this, m_model, m_banner, m_searchMode->currentData().toInt(), text);
}

void AccountsView::addSearchModes(QComboBox* modes, const Capabilities& may)
{
    modes->addItem(QString(), ByName);
    modes->addItem(QString(), ById);
    if (may.canSearchByIndex) { // blind indexes need the index key
        modes->addItem(QString(), ByEmail);
        modes->addItem(QString(), ByPhone);
    }
    labelSearchModes(modes);
}

void AccountsView::labelSearchModes(QComboBox* modes)
{
    const auto label = [modes](int mode, const QString& text) {
        const int i = modes->findData(mode);
        if (i >= 0)
            modes->setItemText(i, text);
    };
    label(ByName, tr("Company name starts with"));
    label(ById, tr("Account id"));
    label(ByEmail, tr("E-mail (exact)"));
    label(ByPhone, tr("Phone (exact)"));
    modes->setAccessibleName(tr("Search by"));
}

void AccountsView::runSearch(Session* session, QObject* owner, AccountsModel* model, Banner* banner, int mode,
                             const QString& text)
{
    if (mode == ByName) {
        model->reload(text);
        return;
    }
    if (mode == ById) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok) {
            banner->showMessage(Level::Warning, tr("An account id is a number."));
            return;
        }
        model->showAccounts({ id });
        return;
    }
    const RecordKind kind = mode == ByEmail ? RecordKind::Email : RecordKind::Phone;
    if (const QString problem = records::validate(kind, text); !problem.isEmpty()) {
        banner->showMessage(Level::Warning, problem);
        return;
    }
    QPointer<AccountsModel> target(model);
    QPointer<Banner> say(banner);
    session->request(
        owner, [kind, text](Services& s) { return s.findAccounts(kind, text); },
        [target, say](Result<QList<qint64>> ids) {
            if (!ids) {
                if (say)
                    say->showMessage(Level::Error, ids.error().message);
                return;
            }
            if (target)
                target->showAccounts(ids.value());
        });
}

void AccountsView::clearSearch()
{
    m_banner->hide();
    m_model->reload();
}

void AccountsView::runIntegrityScan()
{
    m_cancel = m_session->cancelToken();
    auto cancel = m_cancel;
    QPointer<AccountsView> self(this);
    m_scanButton->setEnabled(false);
    m_cancelScanButton->show();
    m_progress->show();
    m_progress->setRange(0, 0);
    m_status->setText(tr("Integrity scan running…"));
    m_session->request(
        this,
        [cancel, self](Services& s) {
            return s.verifyAll(
                [self](qint64 done) {
                    QMetaObject::invokeMethod(qApp, [self, done] {
                        if (self)
                            self->m_status->setText(
                                tr("Integrity scan: %n account(s) checked…", nullptr, static_cast<int>(done)));
                    });
                },
                cancel.get());
        },
        [this](Result<records::VerifyReport> report) {
            m_scanButton->setEnabled(true);
            m_cancelScanButton->hide();
            m_progress->hide();
            if (!report) {
                m_banner->showMessage(Level::Error, report.error().message);
                return;
            }
            // What was covered out of what exists: a sysadmin's scan of a few granted accounts is no all-clear.
            const QString summary = records::describe(report.value());
            m_status->setText(summary);
            if (report->failures.isEmpty()) {
                m_banner->showMessage(report->cancelled ? Level::Warning : Level::Ok,
                                      tr("Integrity scan: %1").arg(summary));
            } else {
                QStringList where;
                for (const PlainRecord& f : report->failures.mid(0, 20))
                    where << (f.id ? tr("record %1 of account %2").arg(f.id).arg(f.accountId)
                                   : tr("key of account %1").arg(f.accountId));
                m_banner->showMessage(Level::Error,
                                      tr("Integrity scan: %n item(s) failed authentication: %1", nullptr,
                                         static_cast<int>(report->failures.size()))
                                          .arg(where.join(QStringLiteral(", "))));
            }
        });
}

QString AccountsView::defaultExportDirectory()
{
    // A private directory in the user's documents (or home), never a shared place such as /tmp.
    QString base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    const QString dir = QDir(base).filePath(QStringLiteral("Art32 exports"));
    if (QDir().mkpath(dir))
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return dir;
}

void AccountsView::exportSubject()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("exportDialog"));
    dialog.setWindowTitle(tr("Export data subject"));
    auto* text = new QLabel(tr("Everything held about one person (Art. 15/20) is exported as a JSON file. The file "
                               "holds their personal data in plaintext: names, e-mail addresses, phone numbers and "
                               "addresses. Only you can read it (mode 0600); send it over a safe channel and delete "
                               "it afterwards. Each read is audited."),
                            &dialog);
    text->setWordWrap(true);
    auto* prompt = new QLabel(tr("&E-mail address of the person:"), &dialog);
    auto* emailEdit = new QLineEdit(&dialog);
    emailEdit->setObjectName(QStringLiteral("exportEmailLineEdit"));
    prompt->setBuddy(emailEdit);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    auto* go = box->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    go->setObjectName(QStringLiteral("exportConfirmButton"));
    go->setDefault(true);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(prompt);
    layout->addWidget(emailEdit);
    layout->addWidget(box);
    fitDialog(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString email = emailEdit->text().trimmed();
    if (email.isEmpty())
        return;
    if (const QString problem = records::validate(RecordKind::Email, email); !problem.isEmpty()) {
        m_banner->showMessage(Level::Warning, problem);
        return;
    }
    m_session->request(
        this, [email](Services& s) { return s.exportSubject(email); },
        [this](Result<QByteArray> json) {
            if (!json) {
                m_banner->showMessage(Level::Error, json.error().message);
                return;
            }
            const QString suggested
                = QDir(defaultExportDirectory())
                      .filePath(QStringLiteral("subject-export-%1.json")
                                    .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
            const QString file = QFileDialog::getSaveFileName(this, tr("Save export (plaintext personal data)"),
                                                              suggested, tr("JSON files (*.json)"));
            QByteArray data = std::move(json).value();
            if (file.isEmpty()) {
                data.fill('\0');
                return;
            }
            QString error;
            const bool written = PrivateFile::write(file, data, &error); // 0600, atomic
            data.fill('\0');
            if (!written) {
                m_banner->showMessage(Level::Error, tr("Could not write %1: %2").arg(file, error));
                return;
            }
            m_banner->showMessage(Level::Warning,
                                  tr("Export saved to %1, readable only by you. It holds personal data in "
                                     "plaintext: delete it once it is sent.")
                                      .arg(file));
        });
}

} // namespace art32::ui
