#pragma once

#include <QDialog>
#include <QList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace art32 {
class Session;
}

namespace art32::ui {

class AccountsModel;
class Banner;

/**
 * "Add accounts…" of the incident form (issue 14): the Accounts view's model and search (AccountsView::runSearch,
 * the same modes for the same role) in a short dialog, several accounts selected at once. It links nothing itself:
 * the form links what selectedAccounts() returns.
 */
class AccountPicker : public QDialog
{
    Q_OBJECT
public:
    explicit AccountPicker(Session* session, QWidget* parent = nullptr);

    QList<qint64> selectedAccounts() const;
    AccountsModel* model() const { return m_model; }

public slots:
    void search();

private:
    void updateButton();

    Session* m_session;
    AccountsModel* m_model;
    Banner* m_banner;
    QComboBox* m_mode;
    QLineEdit* m_edit;
    QTableView* m_table;
    QLabel* m_status;
    QPushButton* m_add;
};

} // namespace art32::ui
