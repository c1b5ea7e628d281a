"""nn.data: CSV loading with errors that point at the cell, scalers, splits, one-hot, batches."""

import pytest

from nn import data


def write(tmp_path, text, name="houses.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_reads_features_and_target(tmp_path):
    path = write(tmp_path, "area,rooms,price\n50,2,100.5\n80,3,160\n\n")
    X, y = data.load_csv(path, features=["rooms", "area"], target="price")
    assert X == [[2.0, 50.0], [3.0, 80.0]]
    assert y == [100.5, 160.0]


def test_load_csv_without_features_takes_every_other_column(tmp_path):
    path = write(tmp_path, "a,b,y\n1,2,3\n")
    assert data.load_csv(path, target="y") == ([[1.0, 2.0]], [3.0])


def test_missing_column_lists_the_columns_present(tmp_path):
    path = write(tmp_path, "area,rooms,price\n50,2,100\n")
    with pytest.raises(
        ValueError, match="has no column 'size'; its columns are: area, rooms, price"
    ):
        data.load_csv(path, features=["size"], target="price")


def test_non_numeric_cell_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "area,price\n50,100\n60,cheap\n")
    with pytest.raises(
        ValueError, match=r"houses.csv, line 3, column 'price': 'cheap' is not a number"
    ):
        data.load_csv(path, features=["area"], target="price")


def test_empty_cell_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "area,price\n50,100\n,120\n")
    with pytest.raises(ValueError, match=r"houses.csv, line 3, column 'area': the cell is empty"):
        data.load_csv(path, features=["area"], target="price")


def test_short_row_is_reported(tmp_path):
    path = write(tmp_path, "area,price\n50\n")
    with pytest.raises(ValueError, match="line 2: the row has 1 cells but the header names 2"):
        data.load_csv(path, features=["area"], target="price")


def test_file_with_only_a_header_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="has a header but no data rows"):
        data.load_csv(write(tmp_path, "a,b\n"), features=["a"], target="b")


def test_standardizer_gives_mean_zero_std_one_and_inverts():
    X = [[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]]
    scaler = data.Standardizer().fit(X)
    scaled = scaler.transform(X)
    assert [row[0] for row in scaled] == pytest.approx([-1.2247448714, 0.0, 1.2247448714])
    assert [row[1] for row in scaled] == [0.0, 0.0, 0.0]  # a constant column is only centred
    restored = scaler.inverse_transform(scaled)
    assert [v for row in restored for v in row] == pytest.approx([v for row in X for v in row])


def test_standardizer_works_on_a_flat_target_list():
    scaler = data.Standardizer()
    scaled = scaler.fit_transform([2.0, 4.0])
    assert scaled == [-1.0, 1.0]
    assert scaler.inverse_transform([0.0]) == [3.0]


def test_min_max_scaler_maps_the_fitted_range_to_0_1():
    scaler = data.MinMaxScaler().fit([[2.0], [4.0], [6.0]])
    assert scaler.transform([[2.0], [5.0], [6.0]]) == [[0.0], [0.75], [1.0]]
    assert scaler.inverse_transform([[0.5]]) == [[4.0]]


def test_scaler_must_be_fitted_and_match_the_width():
    with pytest.raises(RuntimeError, match=r"not fitted yet: call fit\(X_train\) first"):
        data.Standardizer().transform([[1.0]])
    with pytest.raises(ValueError, match="fitted on 2 columns, got 1"):
        data.Standardizer().fit([[1.0, 2.0]]).transform([[1.0]])


def test_train_test_split_is_a_seeded_partition():
    X, y = [[i] for i in range(10)], list(range(10))
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.3, seed=1)
    assert len(X_test) == 3 and len(X_train) == 7
    assert sorted(y_train + y_test) == y
    assert [row[0] for row in X_test] == y_test
    assert data.train_test_split(X, y, test_size=0.3, seed=1)[1] == X_test
    with pytest.raises(ValueError, match="test_size must be a fraction in"):
        data.train_test_split(X, y, test_size=1.5)


def test_one_hot_puts_a_one_at_the_class():
    assert data.one_hot([2, 0], num_classes=3) == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    with pytest.raises(ValueError, match="label 3 is out of range for num_classes=3"):
        data.one_hot([3], num_classes=3)


def test_batches_cover_every_sample_once():
    X, y = list(range(7)), list(range(7))
    pieces = list(data.batches(X, y, 3))
    assert [len(bx) for bx, _ in pieces] == [3, 3, 1]
    shuffled = [v for bx, _ in data.batches(X, y, 3, shuffle=True, seed=0) for v in bx]
    assert sorted(shuffled) == X


def test_a_row_with_more_cells_than_the_header_is_reported(tmp_path):
    path = write(tmp_path, "area,price\n50,100\n60,120,7\n")
    with pytest.raises(ValueError, match=r"line 3: the row has 3 cells but the header names 2"):
        data.load_csv(path, features=["area"], target="price")


def test_a_repeated_column_name_is_reported(tmp_path):
    path = write(tmp_path, "area,price,area\n50,100,70\n")
    with pytest.raises(
        ValueError, match=r"line 1: the column name 'area' appears twice \(columns 1 and 3\)"
    ):
        data.load_csv(path, features=["area"], target="price")


def test_a_path_that_is_not_a_path_is_a_type_error(capsys):
    with pytest.raises(TypeError, match=r"load_csv needs the path of a CSV file .*got int: 1"):
        data.load_csv(1)  # type: ignore[arg-type]
    print("stdout still open")
    assert capsys.readouterr().out == "stdout still open\n"


def test_a_gzip_file_is_reported_with_the_fix(tmp_path):
    import gzip

    path = tmp_path / "houses.csv.gz"
    path.write_bytes(gzip.compress(b"area,price\n50,100\n"))
    with pytest.raises(ValueError, match=r"houses.csv.gz is gzip-compressed: decompress it first"):
        data.load_csv(path, features=["area"], target="price")


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"area,price\n50,100\n" + "60,caf\u00e9\n".encode("latin-1"))
    with pytest.raises(
        ValueError, match=r"latin1.csv, line \d+: not UTF-8 text .*save the file as UTF-8"
    ):
        data.load_csv(path, features=["area"], target="price")


def test_an_oversized_field_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "area,price\n50,100\n60," + "9" * 200_000 + "\n")
    with pytest.raises(
        ValueError, match=r"line 3: not a readable CSV row \(field larger than field limit"
    ):
        data.load_csv(path, features=["area"], target="price")


def test_an_empty_file_asks_for_a_header_row(tmp_path):
    with pytest.raises(ValueError, match=r"houses.csv is empty: it needs a header row"):
        data.load_csv(write(tmp_path, ""), features=["area"], target="price")
