"""The static report: files and links (shipped catalog), then the pages in headless Chromium (fake catalog).

The browser tests need Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package;
without them they skip with a message saying what to install, or fail when ``ACCELSPEC_BROWSER=required``
(set by ``.ci/run``, so CI cannot pass by skipping them). The screenshot test saves the index and a chip
page to a temporary folder, or to docs/report/ (the pictures in docs/report.md) when
``ACCELSPEC_SCREENSHOTS=docs``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

import accelspec
from accelspec.report import build_comparison, build_site

HERE = Path(__file__).parent
FAKE = HERE / "fake_catalog"
DOCS = HERE.parent / "docs" / "report"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.charset: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


def _local_links(page: Path) -> tuple[list[Path], list[str], str | None]:
    """(the local files a page links to, its external addresses, its meta charset)."""
    p = _Links()
    p.feed(page.read_text(encoding="utf-8"))
    local, external = [], []
    for link in p.links:
        u = urlparse(link)
        if u.scheme in ("http", "https"):
            external.append(link)
        else:
            assert not u.scheme and not u.netloc, f"{page.name}: {link!r} is neither relative nor a web address"
            local.append((page.parent / u.path).resolve())
    return local, external, p.charset


@pytest.fixture(scope="module")
def fake_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    written = build_site(out, catalog=accelspec.load_catalog(FAKE, include_builtin=False))
    return out, written


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    """The shipped catalog's site, built once (about 5 s: 90-odd pages and five charts)."""
    out = tmp_path_factory.mktemp("shipped")
    return out, build_site(out)


def test_shipped_catalog_site_has_every_page_and_no_broken_link(shipped_site):
    cat = accelspec.builtin_catalog()
    tmp_path, written = shipped_site
    assert written[0] == tmp_path / "index.html"
    assert {p.name for p in (tmp_path / "chips").iterdir()} == {f"{e.id}.html" for e in cat}
    for name in ("charts.html", "coverage.html", "news.html", "assets/report.css", "assets/report.js",
                 "charts/perf_per_watt.svg", "charts/roofline.svg", "charts/timeline.svg", "charts/export_control.svg",
                 "charts/measured_vs_peak.svg"):
        assert (tmp_path / name).is_file(), name
    scripts = set()
    for page in tmp_path.rglob("*.html"):
        local, external, charset = _local_links(page)
        assert charset == "utf-8", page
        missing = [str(p) for p in local if not p.is_file()]
        assert missing == [], f"{page}: {missing}"
        scripts |= {p for p in local if p.suffix == ".js"}
    # no third-party script, nothing from the network: the one script is ours
    assert scripts == {(tmp_path / "assets" / "report.js").resolve()}
    h20 = (tmp_path / "chips" / "nvidia-h20.html").read_text(encoding="utf-8")
    assert "英伟达H20" in h20  # a Chinese alias, written as UTF-8 text, not escaped away
    assert "No MLPerf result names this entry." in h20
    h200 = (tmp_path / "chips" / (accelspec.get("H200").id + ".html")).read_text(encoding="utf-8")
    # its MLPerf rows link to the result folders at the ingested commit
    assert re.search(r'<td><a href="https://github.com/mlcommons/[^"]+/tree/[0-9a-f]{40}/[^"]+">[0-9.]+-[0-9]+</a>', h200)
    # its dense BF16 is derived from NVIDIA's sparse figure: marked '*', and the mark explained
    assert re.search(r'>990<sup class="mark">\*</sup>', h200)
    assert "* marks a value derived from what its source prints" in h200


def test_news_page_names_the_chips_missing_from_a_small_catalog(fake_site):
    out, _ = fake_site
    news = (out / "news.html").read_text(encoding="utf-8")
    assert "Not in this catalog: MLU590, P800, MTT S4000." in news
    assert "Ascend 910C" in news and "<table>" in news


def test_empty_cells_say_why_on_hover(fake_site):
    out, _ = fake_site
    index = (out / "index.html").read_text(encoding="utf-8")
    # the fake H20 has no scale-up bandwidth and no gap recorded: "—" with the metric's reason
    row = re.search(r'<tr data-id="nvidia-h20".*?</tr>', index).group(0)
    assert re.search(r'<td class="num empty" title="not yet found: [^"]+">—</td>', row)


def test_every_text_is_escaped():
    from accelspec.report.markup import esc, page

    assert esc('<b title="x">&') == "&lt;b title=&quot;x&quot;&gt;&amp;"
    assert "<title>a &lt;script&gt;</title>" in page("a <script>", "")


def test_comparison_is_one_page_of_the_named_chips(tmp_path):
    cat = accelspec.load_catalog(FAKE, include_builtin=False)
    written = build_comparison(tmp_path, ["H20", "H200", "昇腾910C"], catalog=cat)
    assert written == [tmp_path / "index.html"]
    text = written[0].read_text(encoding="utf-8")
    assert [m for m in re.findall(r"<th[^>]*>\s*(NVIDIA H20|NVIDIA H200|Huawei Ascend 910C)</th>", text)] == [
        "NVIDIA H20", "NVIDIA H200", "Huawei Ascend 910C"]
    local, _, _ = _local_links(written[0])
    assert all(p.is_file() for p in local)


def test_output_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / "x"
    f.write_text("")
    with pytest.raises(accelspec.AccelspecError, match=r"invalid output '.*x'; a folder to write the report into"):
        build_site(f, catalog=accelspec.load_catalog(FAKE, include_builtin=False))


# ---------------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def driver():
    required = os.environ.get("ACCELSPEC_BROWSER") == "required"
    missing = pytest.fail if required else pytest.skip
    try:
        from selenium import webdriver
    except ImportError:
        missing("browser tests need selenium: pip install selenium")
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            missing(f"browser tests need {path}: apt-get install chromium chromium-driver (missing: {pkg})")
    profile = tempfile.mkdtemp(prefix="accelspec-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              f"--user-data-dir={profile}", "--window-size=1400,1000"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(options=opts, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _severe(d) -> list:
    return [x for x in d.get_log("browser") if x["level"] == "SEVERE"]


def _ids(d) -> list[str]:
    rows = d.find_elements("css selector", "#catalog tbody tr")
    return [r.get_attribute("data-id") for r in rows if r.is_displayed()]


def test_every_page_loads_without_console_errors(driver, fake_site):
    out, written = fake_site
    for page in written:
        driver.get(page.as_uri())
        assert _severe(driver) == [], page.name
        assert driver.execute_script("return document.characterSet") == "UTF-8"


def test_sorting_a_column_orders_the_rows(driver, fake_site):
    out, _ = fake_site
    driver.get((out / "index.html").as_uri())
    head = driver.find_element("xpath", "//table[@id='catalog']//th[starts-with(normalize-space(.), 'Memory [GB]')]")
    head.click()  # a number column sorts largest first; entries without a value go last
    cat = accelspec.load_catalog(FAKE, include_builtin=False)
    mem = {e.id: accelspec.metrics.compute(e, "memory_gb", accelspec.metrics.Context(catalog=cat)).value for e in cat}
    desc = sorted((i for i in mem if mem[i] is not None), key=lambda i: -mem[i])
    got = _ids(driver)
    assert [mem[i] for i in got[:len(desc)]] == [mem[i] for i in desc]
    assert all(mem[i] is None for i in got[len(desc):])
    assert head.get_attribute("aria-sort") == "descending"
    head.click()
    got = _ids(driver)
    assert [mem[i] for i in got[:len(desc)]] == [mem[i] for i in reversed(desc)]
    assert _severe(driver) == []


def test_filtering_by_vendor_hides_the_other_rows(driver, fake_site):
    from selenium.webdriver.support.ui import Select

    out, _ = fake_site
    driver.get((out / "index.html").as_uri())
    assert len(_ids(driver)) == 9
    Select(driver.find_element("id", "filter-vendor")).select_by_value("huawei")
    assert sorted(_ids(driver)) == ["huawei-ascend-910b", "huawei-ascend-910b1", "huawei-ascend-910b2",
                                    "huawei-ascend-910c", "huawei-cloudmatrix-384"]
    assert driver.find_element("id", "count").text == "5 of 9 entries shown"
    Select(driver.find_element("id", "filter-precision")).select_by_value("fp8")
    assert "huawei-ascend-910b" not in _ids(driver)  # the fake 910B records no FP8 figure
    Select(driver.find_element("id", "filter-vendor")).select_by_value("")
    assert "nvidia-h20" in _ids(driver)


def test_links_between_pages_resolve(driver, fake_site):
    out, written = fake_site
    seen = 0
    for page in written:
        driver.get(page.as_uri())
        for a in driver.find_elements("css selector", "a[href]"):
            href = a.get_attribute("href")  # the browser's resolved address
            if href.startswith("file://"):
                assert Path(urlparse(href).path).is_file(), f"{page.name} -> {href}"
                seen += 1
    assert seen > 50


def test_screenshots_of_index_and_a_chip_page(driver, shipped_site, tmp_path):
    """Made from the shipped catalog (what a reader sees); saved for docs/report.md on request."""
    out, _ = shipped_site
    dest = DOCS if os.environ.get("ACCELSPEC_SCREENSHOTS") == "docs" else tmp_path
    dest.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1400, 1000)
    driver.get((out / "index.html").as_uri())
    assert driver.save_screenshot(str(dest / "index.png"))
    driver.get((out / "chips" / "huawei-ascend-910c.html").as_uri())
    assert "昇腾910C" in driver.find_element("id", "identity").text  # Chinese names display
    assert driver.save_screenshot(str(dest / "chip.png"))
    assert _severe(driver) == []
