#pragma once

#include <QAbstractTableModel>
#include <QList>

namespace art32::ui {

/**
 * A table of a few rows loaded whole (admins, grants): keeps the rows and answers the counts and the header
 * text; a subclass says what a cell shows and names its columns.
 */
template<typename Row> class RowsModel : public QAbstractTableModel
{
public:
    RowsModel(int columns, QObject* parent)
        : QAbstractTableModel(parent)
        , m_columns(columns)
    { }

    void setRows(QList<Row> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const QList<Row>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : m_columns; }
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_columns)
            return {};
        return header(section);
    }

protected:
    /** The translated title of a column. */
    virtual QString header(int column) const = 0;

    QList<Row> m_rows;

private:
    const int m_columns;
};

} // namespace art32::ui
