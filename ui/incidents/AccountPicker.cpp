#include "incidents/AccountPicker.h"

#include "accounts/AccountsModel.h"
#include "accounts/AccountsView.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/Dialogs.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace art32::ui {

AccountPicker::AccountPicker(Session* session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_model(new AccountsModel(session, this))
    , m_banner(new Banner(this))
    , m_mode(new QComboBox(this))
    , m_edit(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_add(new QPushButton(this))
{
    setObjectName(QStringLiteral("accountPicker"));
    setWindowTitle(tr("Add affected accounts"));
    m_mode->setObjectName(QStringLiteral("pickerSearchModeComboBox"));
    m_edit->setObjectName(QStringLiteral("pickerSearchLineEdit"));
    m_table->setObjectName(QStringLiteral("pickerAccountsTableView"));
    m_add->setObjectName(QStringLiteral("pickerAddButton"));
    AccountsView::addSearchModes(m_mode, session->capabilities());
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(tr("Search, then select one or more accounts"));
    m_edit->setAccessibleName(tr("Search text"));
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Accounts to add"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setTabKeyNavigation(false);
    m_status->setWordWrap(true);

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_mode);
    searchRow->addWidget(m_edit, 1);
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_add, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(searchRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    // Return in the search field searches; it must not add what happens to be selected.
    m_add->setAutoDefault(false);
    connect(m_edit, &QLineEdit::returnPressed, this, &AccountPicker::search);
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty())
            m_model->reload();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AccountPicker::updateButton);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AccountPicker::updateButton);
    connect(m_model, &AccountsModel::loadFailed, this,
            [this](const Error& e) { m_banner->showMessage(Level::Error, e.message); });
    connect(m_model, &AccountsModel::loaded, this, [this] {
        m_status->setText(m_model->rowCount() == 0 ? tr("No account matches.")
                                                   : tr("%n account(s) shown", nullptr, m_model->rowCount()));
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButton();
    m_model->reload();
    fitDialog(this);
}

void AccountPicker::search()
{
    const QString text = m_edit->text().trimmed();
    m_banner->hide();
    if (text.isEmpty()) {
        m_model->reload();
        return;
    }
    AccountsView::runSearch(m_session, this, m_model, m_banner, m_mode->currentData().toInt(), text);
}

QList<qint64> AccountPicker::selectedAccounts() const
{
    QList<qint64> ids;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
        ids << m_model->account(i.row()).id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

void AccountPicker::updateButton()
{
    const int n = static_cast<int>(m_table->selectionModel()->selectedRows().size());
    m_add->setText(n == 0 ? tr("Add accounts") : tr("Add %n account(s)", nullptr, n));
    m_add->setEnabled(n > 0);
}

} // namespace art32::ui
