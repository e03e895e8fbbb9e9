"""The words of the data layer: errors, warnings and readings of an evaluator's tables.

``DATA_STRINGS`` maps a key (``data.*``) to ``(Chinese, English)``; templates carry
:meth:`str.format` fields, the same in both texts (a test checks). Fields arrive worded
(:class:`~gxq_analysis.catalogue.Quoted`, :class:`~gxq_analysis.catalogue.Words`,
:class:`~gxq_analysis.catalogue.Key`). Data only: no logic lives here.
"""

from __future__ import annotations

# key -> (Chinese, English)
DATA_STRINGS: dict[str, tuple[str, str]] = {
    # --- several problems -------------------------------------------------------------------
    "data.errors_found": ("数据中发现{n}处问题：", "{n} problems found in the data:"),
    "data.errors_more": ("另有{n}处问题未列出", "and {n} more not listed"),
    "data.the_file": ("该文件", "the file"),
    "data.in_sheets": ("（工作表：{sheets}）", " in sheets {sheets}"),
    "data.no_rows": (
        "未找到数据行（高新区与年份）{where}",
        "no data rows (zone and year) found{where}",
    ),
    # --- files, folders, manifests ----------------------------------------------------------
    "data.file.missing": ("文件不存在", "no such file"),
    "data.path.missing": (
        "数据路径不存在（应为文件、文件夹或数据清单）",
        "the data path does not exist (give a file, a folder or a manifest)",
    ),
    "data.file.no_rows": ("文件中没有任何行", "the file has no rows"),
    "data.folder.empty": (
        "文件夹（目录）中没有可读的表格（可接受：{accepted}）",
        "the folder (directory) holds no table to read (accepted: {accepted})",
    ),
    "data.manifest.not_toml": (
        "数据清单不是有效的TOML：{reason}",
        "the manifest is not valid TOML: {reason}",
    ),
    "data.manifest.is_layout": (
        "这是布局文件（含[sheets]或[files]），不是数据清单：请用 --layout 传入，数据清单用[[sourc"
        "e]]列出文件",
        "this is a layout file ([sheets] or [files]), not a manifest: pass it with --layout; a "
        "manifest lists files as [[source]] tables",
    ),
    "data.manifest.shape": (
        "数据清单应为若干[[source]]表，每表一个文件；发现：{found}",
        "a manifest holds one [[source]] table per file; found: {found}",
    ),
    "data.manifest.no_source": ("没有[[source]]表", "no [[source]] table"),
    "data.manifest.not_table": ("{where}必须是键值表", "{where} must be a table of keys"),
    "data.manifest.unknown_key": (
        "{where}：未知的键{key}；允许的键：{keys}",
        "{where}: unknown key {key}; allowed keys: {keys}",
    ),
    "data.manifest.no_file": (
        "{where}：缺少 file（相对于清单的文件路径）",
        "{where}: no file (a path relative to the manifest)",
    ),
    "data.manifest.missing_file": (
        "{where}：文件{name}不存在",
        "{where}: the file {name} does not exist",
    ),
    "data.manifest.bad_sheets": (
        "{where}：sheets 应为工作表名的列表",
        "{where}: sheets must be a list of sheet names",
    ),
    "data.manifest.bad_priority": (
        "{where}：priority 应为整数，实为{value}",
        "{where}: priority must be an integer, got {value}",
    ),
    "data.manifest.bad_layout": (
        "{where}：layout 应为布局文件的路径",
        "{where}: layout must be the path of a layout file",
    ),
    "data.manifest.no_sheet": (
        "数据清单列出的工作表{sheet}不存在；现有工作表：{sheets}",
        "the manifest lists sheet {sheet}, which does not exist; sheets: {sheets}",
    ),
    # --- reading files (gxq_analysis.ingest.readers) ---------------------------------------------
    "data.read.accepted": (
        ".csv（UTF-8、带BOM的UTF-8、GB18030/GBK）、.xlsx（Excel工作簿）或.xls（Excel 97-2003）",
        ".csv (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx (Excel workbook) or .xls (Excel "
        "97-2003)",
    ),
    "data.read.none": ("无", "'none'"),
    "data.read.kind.xlsm": ("启用宏的工作簿", "a macro-enabled workbook"),
    "data.read.kind.xltm": ("启用宏的模板", "a macro-enabled template"),
    "data.read.kind.xlsb": ("二进制Excel工作簿", "a binary Excel workbook"),
    "data.read.kind.xlt": ("旧版Excel模板", "a legacy Excel template"),
    "data.read.kind.ods": ("OpenDocument电子表格", "an OpenDocument spreadsheet"),
    "data.read.kind.et": ("WPS表格", "a WPS spreadsheet"),
    "data.read.kind.numbers": ("Apple Numbers文件", "an Apple Numbers file"),
    "data.read.kind.zip": ("ZIP压缩包（改了扩展名的.xlsx？）", "a ZIP archive (an .xlsx renamed?)"),
    "data.read.kind.text": ("文本", "text"),
    "data.read.refused": (
        "不接受{what}（{ext}）；请另存为{accepted}",
        "{what} ({ext}) is not accepted; save it as {accepted}",
    ),
    "data.read.extension": (
        "不是本软件包可读的表格（扩展名{ext}）；可接受的格式：{accepted}",
        "not a spreadsheet this package reads (extension {ext}); accepted formats: {accepted}",
    ),
    "data.read.not_xls": (
        "文件是{what}，不是旧版Excel工作簿（.xls）；请使用其真实扩展名；可接受：{accepted}",
        "the file is {what}, not a legacy Excel workbook (.xls); give it its real extension; "
        "accepted: {accepted}",
    ),
    "data.read.ole": (
        "文件是旧版二进制Excel文件（.xls/.et）或加密的工作簿，不是{ext}；.xls请使用其扩展名，或取"
        "消保护后另存为{accepted}",
        "the file is a legacy binary Excel file (.xls/.et) or a password-protected workbook, "
        "not {ext}; give an .xls its extension, or save it unprotected as {accepted}",
    ),
    "data.read.zip_csv": (
        "文件是ZIP压缩包（.xlsx工作簿？），不是CSV文本；请改用.xlsx扩展名或导出为CSV",
        "the file is a ZIP archive (an .xlsx workbook?), not CSV text; give it the .xlsx "
        "extension or export it as CSV",
    ),
    "data.read.directory": ("这是目录（directory），不是文件", "is a directory, not a file"),
    "data.read.too_big": (
        "文件有{size}字节，超过{limit}字节的上限；请拆分，或在确认可信时提高 max_bytes",
        "the file has {size} bytes, above the limit of {limit} bytes; split it, or raise "
        "max_bytes if you trust it",
    ),
    "data.read.os": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "data.read.exceeds": (
        "文件超过{limit}字节的上限",
        "the file exceeds the limit of {limit} bytes",
    ),
    "data.read.empty": ("文件为空（the file is empty）", "the file is empty"),
    "data.read.utf16": (
        "文件是UTF-16文本（Excel的“Unicode文本”）；请另存为CSV UTF-8",
        "the file is UTF-16 text (Excel's 'Unicode text'); save it as CSV UTF-8",
    ),
    "data.read.binary": (
        "文件是二进制的，不是CSV文本；可接受：{accepted}",
        "the file is binary, not CSV text; accepted: {accepted}",
    ),
    "data.read.encoding": (
        "文本既不是UTF-8也不是GB18030/GBK（第{offset}字节有误）；请另存为CSV UTF-8",
        "the text is neither UTF-8 nor GB18030/GBK (bad byte at offset {offset}); save it as "
        "CSV UTF-8",
    ),
    "data.read.csv": (
        "CSV格式有误（{reason}；文本第{line}行）",
        "malformed CSV ({reason}; text line {line})",
    ),
    "data.read.not_xlsx": (
        "文件不是Excel工作簿（没有.xlsx的ZIP结构）；可接受：{accepted}",
        "the file is not an Excel workbook (no .xlsx ZIP structure); accepted: {accepted}",
    ),
    "data.read.no_content_types": (
        "该ZIP压缩包不是Excel工作簿（缺少[Content_Types].xml）",
        "the ZIP archive is not an Excel workbook ([Content_Types].xml missing)",
    ),
    "data.read.unzip": (
        "工作簿解压后超过{limit}字节（上限：UNZIP_RATIO × max_bytes）",
        "the workbook unpacks to more than {limit} bytes (limit: UNZIP_RATIO × max_bytes)",
    ),
    "data.read.encrypted": ("工作簿含有加密部分", "the workbook contains encrypted parts"),
    "data.read.macros": (
        "工作簿含有宏（改了扩展名的.xlsm？）；宏从不运行：请另存为不含宏的{accepted}",
        "the workbook contains macros (an .xlsm renamed?); macros are never run: save it as a "
        "macro-free {accepted}",
    ),
    "data.read.other_office": (
        "该ZIP压缩包不是Excel工作簿（Word或其他Office文件？）",
        "the ZIP archive is not an Excel workbook (a Word or other Office file?)",
    ),
    "data.read.dtd": (
        "工作簿部件{part}声明了DTD或实体，Excel从不写入这些；因不安全而拒绝",
        "the workbook part {part} declares a DTD or entities, which Excel never writes; "
        "refused as unsafe",
    ),
    "data.read.damaged": ("工作簿已损坏：{reason}", "the workbook is damaged: {reason}"),
    "data.read.unreadable": (
        "无法读取工作簿（{reason}）",
        "the workbook cannot be read ({reason})",
    ),
    "data.read.xls_unreadable": (
        "无法读取.xls工作簿（{reason}）",
        "the .xls workbook cannot be read ({reason})",
    ),
    # --- the layout file ----------------------------------------------------------------------
    "data.layout.no_file": ("布局文件不存在", "no such layout file"),
    "data.layout.unreadable": (
        "无法读取布局文件：{reason}",
        "cannot read the layout file: {reason}",
    ),
    "data.layout.not_toml": (
        "布局文件不是有效的TOML：{reason}",
        "the layout file is not valid TOML: {reason}",
    ),
    "data.layout.shape": (
        '布局文件每个工作表一张表，[sheets."名称"]（或[files."文件名".sheets."名称"]）；发现：{found}',
        'a layout file holds one table per sheet, [sheets."NAME"] (or '
        '[files."FILE".sheets."NAME"]); found {found}',
    ),
    "data.layout.no_sheets": ("没有[sheets]表", "no [sheets] table"),
    "data.layout.file_shape": (
        "{where}只能包含 sheets 表",
        "{where} may hold only a sheets table",
    ),
    "data.layout.not_table": (
        "{where}必须是键值表（{keys}）",
        "{where} must be a table of keys ({keys})",
    ),
    "data.layout.unknown_key": (
        "{where} {key}：未知的键；允许的键：{keys}",
        "{where} {key}: unknown key; allowed keys: {keys}",
    ),
    "data.layout.bad_layout": (
        "{where} {key}：{value}不是布局；允许：{allowed}",
        "{where} {key}: {value} is not a layout; allowed: {allowed}",
    ),
    "data.layout.bad_header_rows": (
        "{where} {key}：{value}：应为一个行号（>= 1）或至多{most}个相邻行号，自上而下",
        "{where} {key}: {value}: expected one row number (>= 1) or up to {most} adjacent ones, "
        "top first, [names, units]",
    ),
    "data.layout.not_string": (
        "{where} {key}：{value}：应为非空字符串",
        "{where} {key}: {value}: expected a non-empty string",
    ),
    "data.layout.bad_year": (
        "{where} {key}：{value}：应为年份，如2016",
        "{where} {key}: {value}: expected a year such as 2016",
    ),
    "data.layout.bad_zone": (
        "布局文件中的高新区：未知的高新区{name}{why}{suggestions}；高新区代码：{zones}",
        "the layout file's zone: unknown zone {name}{why}{suggestions}; zone ids: {zones}",
    ),
    "data.layout.bad_indicator": (
        "布局文件中的指标{indicator}不在代码表中（`gxq codebook`列出名称、别名与代码）",
        "the layout file's indicator {indicator} is not in the codebook (`gxq codebook` lists "
        "names, aliases and codes)",
    ),
    "data.layout.bad_unit": ("布局文件中的单位：{reason}", "the layout file's unit: {reason}"),
    "data.layout.header_row_empty": (
        "布局文件 header_rows 指定第{row}行，该行为空或超出工作表最后一行（第{last}行）",
        "the layout file's header_rows names row {row}, which is empty or beyond the sheet's "
        "last row ({last})",
    ),
    "data.layout.no_sheet": (
        '布局文件中的[sheets."{name}"]：{file}中没有该工作表；现有工作表：{sheets}；或用"*"表示所有工作表',
        '[sheets."{name}"]: no such sheet in {file}; sheets: {sheets}, or "*" for every sheet',
    ),
    "data.layout.csv_star": (
        '无（CSV文件：请用[sheets."*"]）',
        'none (a CSV file: use [sheets."*"])',
    ),
    "data.layout.long": (
        "长表（高新区、年份为行，指标为列）",
        "long table (zone and year rows, indicator columns)",
    ),
    "data.layout.per_year": (
        "每年一张表（高新区为行，指标为列）",
        "a table per year (zones × indicators)",
    ),
    "data.layout.per_indicator": (
        "每个指标一张表（高新区为行，年份为列）",
        "a table per indicator (zones × years)",
    ),
    "data.layout.per_zone": (
        "每个高新区一张表（指标为行，年份为列）",
        "a table per zone (indicators × years)",
    ),
    "data.layout.transposed": (
        "指标为行、高新区为列（每年一张表）",
        "indicators × zones (a table per year)",
    ),
    "data.layout.zone_blocks": (
        "按高新区分块，指标为行，年份为列",
        "zone blocks of indicator rows × years",
    ),
    "data.layout.years_by_indicator": (
        "年份为行、指标为列（每个高新区一张表）",
        "years × indicators (a table per zone)",
    ),
    "data.layout.years_by_zone": (
        "年份为行、高新区为列（每个指标一张表）",
        "years × zones (a table per indicator)",
    ),
    "data.layout.zones_by_year_indicator": (
        "高新区为行，年份与指标为列",
        "zones × (years and indicators)",
    ),
    "data.layout.fully_long": (
        "完全长表（高新区、年份、指标为行，数值一列）",
        "fully long table (zone, year, indicator rows, one value column)",
    ),
    "data.layout.indicator_years_by_zone": (
        "指标与年份为行，高新区为列",
        "indicators and years × zones",
    ),
    "data.layout.other": ("其他排列", "another arrangement"),
    # --- axes ---------------------------------------------------------------------------------
    "data.axis.zone": ("高新区", "zones"),
    "data.axis.year": ("年份", "years"),
    "data.axis.indicator": ("指标", "indicators"),
    "data.axis.unit": ("单位", "units"),
    "data.axis.rows": ("行", "rows"),
    "data.axis.one.zone": ("高新区", "zone"),
    "data.axis.one.year": ("年份", "year"),
    "data.axis.one.indicator": ("指标", "indicator"),
    "data.axis.one.unit": ("单位", "unit"),
    "data.axis.nothing": ("无", "nothing"),
    "data.axis.columns_naming": ("{columns}（{axes}）", "{columns} ({axes})"),
    "data.axis.mixed": (
        "表头各列给出的维度不同：{parts}；这张表既可读作每行一个高新区-年份，也可读作每个指标一张"
        "表，"
        "请使各数值列给出相同的维度（改名或删去其余列）",
        "the header's columns name different axes: {parts}: it could be read one zone-year "
        "per row or one indicator per sheet; make every value column name the same axes "
        "(rename or delete the others)",
    ),
    "data.axis.both": (
        "{axis}既在行上（“{label}”列）又在列标题中：无法确定每个数值属于哪个",
        "{axis} both on the rows (column {label}) and in the column headers: which one each "
        "value belongs to cannot be known",
    ),
    "data.axis.layout_mismatch": (
        "布局文件说 layout = {declared}，但这张表读作：{found}；请删去 layout 或修正表格",
        "the layout file says layout = {declared}, but the table reads as {found}; drop the "
        "layout key or fix the table",
    ),
    # --- headers ------------------------------------------------------------------------------
    "data.header.two_indicators": (
        "表头各行给出不同的指标：{lines}",
        "the header's lines name different indicators: {lines}",
    ),
    "data.header.two_units": (
        "表头各行给出不同的单位：{units}",
        "the header's lines give different units: {units}",
    ),
    "data.header.too_tall": (
        "左侧表头单元格向下合并了{rows}行（至第{last}行）：超过{most}行的表头不予读取；"
        "请在布局文件中给出表头行（header_rows = [名称行, 单位行]）",
        "the zone header is merged down {rows} rows (to row {last}): a header of more than "
        "{most} rows is not read; give its rows in a layout file (header_rows = [names, units])",
    ),
    "data.header.two_label_columns": (
        "有两列{axis}：{columns}；请保留一列",
        "several {axis} columns: {columns}; keep one",
    ),
    "data.header.column_two_units": (
        "同一列有两个单位：表头中的{first}与其下单位行中的{second}；数值可能是其中任一单位",
        "two units for one column: {first} in the header and {second} in the units row below "
        "it; its values could be in either",
    ),
    "data.header.two_years": (
        "表头{span}包含两个年份：每列只能对应一个年份（2016、2016年）；请拆分该列或只写一个年份",
        "the header {span} names two years: each column must hold one year (2016, 2016年); "
        "split the column or give its single year",
    ),
    "data.header.one_year_twice": (
        "{year}年有两列数值：{columns}（{qualifiers}）；同一年份只能取一个数值：请在布局文件中写"
        ' prefer = 其中一个说明（如 prefer = "调整后"）',
        "two columns hold the values of {year}: {columns} ({qualifiers}); one year has one "
        "value: choose one in a layout file, prefer = one of the qualifiers (e.g. prefer = "
        '"调整后")',
    ),
    "data.header.prefer_matches": (
        "布局文件的 prefer = {prefer} 匹配到{n}列（应恰好一列）：{columns}",
        "the layout file's prefer = {prefer} matches {n} of the columns {columns}; it must "
        "match exactly one",
    ),
    "data.header.two_columns_one_indicator": (
        "{first}与{second}两列都是指标{code}；请保留一列",
        "columns {first} and {second} both hold indicator {code}; keep one",
    ),
    "data.header.same_column_twice": (
        "以下各列给出相同的数值：{columns}；请保留一列",
        "the columns {columns} hold the same values; keep one",
    ),
    # --- years ---------------------------------------------------------------------------------
    "data.year.sheet_vs_title": (
        "工作表名为{sheet_year}年，标题却是{title_years}年：请在布局文件中给出该表的年份（year = "
        "2016）",
        "the sheet name says {sheet_year} but the title says {title_years}: give the sheet's "
        "year in a layout file (year = 2016)",
    ),
    "data.year.title_span": ("一个年份区间{span}", "a span of years, {span}"),
    "data.year.title_several": ("多个年份（{years}）", "{years}"),
    "data.year.title_ambiguous": (
        "标题中有{what}，而表中没有年份列：无法知道每行属于哪一年；请在布局文件中给出（year = 201"
        "6）",
        "the title names {what}, and the table has no year column: which year each row holds "
        "cannot be known; give it in a layout file (year = 2016)",
    ),
    "data.year.missing": (
        "缺少年份列（missing year column）：没有表头是{headers}之一；{hint}",
        "missing year column: no header is one of {headers}; {hint}",
    ),
    "data.year.hint_csv": (
        "CSV文件需要每行一个高新区和年份",
        "CSV files need one row per zone and year",
    ),
    "data.year.hint_sheet": (
        "工作表名和标题也都不是年份（2016、2016年）；可在布局文件中给出（year = 2016）",
        "the sheet name is not a year (2016, 2016年) either, nor does the title name one; or "
        "give it in a layout file (year = 2016)",
    ),
    "data.year.not_sheet": (
        "工作表名为{sheet_year}年，此行却是{year}年",
        "year {year} in a sheet named for {sheet_year}",
    ),
    "data.year.out_of_range": (
        "年份{year}超出合理范围{low}–{high}",
        "year {year} is outside the plausible range {low}–{high}",
    ),
    "data.year.sheet_out_of_range": (
        "工作表名给出的年份{year}超出合理范围{low}–{high}",
        "the sheet name gives year {year}, outside the plausible range {low}–{high}",
    ),
    "data.year.empty": ("年份单元格为空", "the year cell is empty"),
    "data.year.date": (
        "应为年份（如2016），实为{what} {value}（请将该列设为数字格式）",
        "expected a year such as 2016, found {what} {value} (format the column as a number)",
    ),
    "data.year.not_a_year": (
        "应为年份（如2016），实为{value}",
        "expected a year such as 2016, found {value}",
    ),
    "data.year.formula": (
        "单元格是公式{formula}，文件中没有保存其结果；此处从不计算公式：请在Excel/WPS中打开并保存"
        "，或粘贴为数值",
        "the cell holds the formula {formula} without a stored result; formulas are never "
        "evaluated here: open and save the file in Excel/WPS, or paste values",
    ),
    # --- zones -----------------------------------------------------------------------------------
    "data.zone.unknown": (
        "未知的高新区{name}{why}{suggestions}；高新区代码：{zones}",
        "unknown zone {name}{why}{suggestions}; zone ids: {zones}",
    ),
    "data.zone.why": ("：{reason}", ": {reason}"),
    "data.zone.did_you_mean": ("；是否指：{names}", "; did you mean: {names}"),
    "data.zone.why.jinzhou_district": (
        "金州（金州区）是大连市的一个区，不是锦州市：若数据属于大连高新区，请写“大连”",
        "金州 (Jinzhou District) is part of Dalian, not 锦州 (Jinzhou city): use 大连 if the "
        "data belong to the Dalian zone",
    ),
    "data.zone.why.jinpu": (
        "金普新区是大连的国家级新区，不是规划中的高新区",
        "金普新区 is a state-level new area in Dalian, not a high-tech zone of the plan",
    ),
    "data.zone.empty_cell": (
        "高新区单元格为空，但该行有数值（只有Excel中合并的单元格才会向下填充：请在每行写上高新区"
        "名称）",
        "the zone cell is empty but the row has values (merged cells are filled down only "
        "where Excel merged them: write the zone name in every row)",
    ),
    "data.zone.before_heading": (
        "这些指标行之上没有高新区名称：表中以高新区名称为小标题分块，第一块之前的行不属于任何高新区",
        "indicator rows before the first zone heading: the table is split into blocks under "
        "zone names, and these rows belong to none",
    ),
    "data.zone.sheet_vs_title": (
        "工作表名是高新区{sheet_zone}，标题却是{title_zones}；"
        '请在布局文件中给出高新区（zone = "沈阳"）',
        "the sheet name names zone {sheet_zone} but the title names {title_zones}; give the "
        'zone in a layout file (zone = "沈阳")',
    ),
    "data.zone.title_several": (
        "标题中有多个高新区（{zones}）：无法知道这张表属于哪一个；"
        '请在布局文件中给出（zone = "沈阳"）',
        "the title names several zones ({zones}): which one the table holds cannot be known; "
        'give it in a layout file (zone = "沈阳")',
    ),
    "data.zone.missing": (
        "缺少高新区（missing zone column）：没有一列的表头是{headers}之一，列标题中也没有高新区名，"
        '工作表名和标题也没有指明高新区；请以高新区命名工作表，或在布局文件中给出（zone = "沈阳"）',
        "missing zone column: no column's header is one of {headers}, no column header names a "
        "zone, and neither the sheet name nor the title names one; name the sheet after the "
        'zone or give it in a layout file (zone = "沈阳")',
    ),
    # --- indicators ----------------------------------------------------------------------------
    "data.indicator.several": (
        "工作表名和标题中有多个指标（{codes}）：无法知道这张表是哪个指标；"
        '请在布局文件中给出（indicator = "营业收入"）',
        "the sheet name and title name several indicators ({codes}): which one the table holds "
        'cannot be known; give it in a layout file (indicator = "营业收入")',
    ),
    "data.indicator.missing": (
        "{rows}为行、{columns}为列，但工作表名和标题都没有给出代码表中的指标；请以指标命名工作表"
        '（营业收入（亿元）），或在布局文件中给出（indicator = "营业收入"）',
        "{columns} as columns and {rows} as rows, but neither the sheet name nor the title "
        "names an indicator of the codebook; name the sheet after it (营业收入（亿元）) or give "
        'it in a layout file (indicator = "营业收入")',
    ),
    "data.indicator.empty_cell": (
        "该行有数值但没有指标名称",
        "a row with values but no indicator name",
    ),
    # --- tables and rows ----------------------------------------------------------------------
    "data.table.no_header": (
        "缺少高新区列（missing zone column）：前{rows}行中没有表头（表头应含{headers}之一，或指标"
        "名、年份）",
        "missing zone column: no header among the first {rows} rows is one of {headers} (or "
        "names indicators or years)",
    ),
    "data.row.beyond_header": (
        "表头最后一列（{last}列，{header}）之右还有数值：{held}{hint}；这些数值无法对应到列，请修"
        "正该行或给该列加表头",
        "values beyond the header's last column (column {last}, {header}): {held}{hint}; the "
        "values cannot be matched to their columns — fix the row, or give the extra column a "
        "header",
    ),
    "data.row.csv_hint": (
        '；该行有{fields}个字段而表头有{width}个（CSV中带千分位的数字须加引号，"1,234"，或不写千分位）',
        "; the row has {fields} fields but the header has {width} (a number with a thousands "
        'separator must be quoted in CSV, "1,234", or written without it)',
    ),
    "data.row.too_few_fields": (
        "该行有{fields}个字段而表头有{width}个：无法知道哪一列缺值；缺失值请写空字段（大连,2016,,"
        "5）",
        "the row has {fields} fields but the header has {width}: which column lacks its value "
        "cannot be known; write an empty field for a missing value (大连,2016,,5)",
    ),
    "data.row.duplicate": (
        "高新区-年份重复（{zone}，{year}年）：{label}的{year}年数据已出现在第{first}行",
        "duplicate zone-year ({zone}, {year}): {label} in {year} already appears at row {first}",
    ),
    "data.row.indicator_twice": (
        "指标{code}出现在第{first}行和第{second}行；请保留一行",
        "indicator {code} appears in rows {first} and {second}; keep one",
    ),
    # --- values ---------------------------------------------------------------------------------
    "data.cell.logical": (
        "单元格是逻辑值{value}；应为以{expected}计的数字",
        "found the logical value {value}; expected a number in {expected}",
    ),
    "data.cell.date": (
        "单元格是日期/时间{value}；应为以{expected}计的数字",
        "found a date/time {value}; expected a number in {expected}",
    ),
    "data.cell.formula": (
        "单元格是公式{formula}，文件中没有保存其结果；此处从不计算公式：请在Excel/WPS中打开并保存"
        "，或粘贴为数值",
        "the cell holds the formula {formula} without a stored result; formulas are never "
        "evaluated here: open and save the file in Excel/WPS, or paste values",
    ),
    "data.cell.percent_number": (
        "单元格是百分数（{value}）；应为以{expected}计的数字",
        "found a percentage ({value}); expected a number in {expected}",
    ),
    "data.cell.percent": (
        "单元格是百分数{value}；应为以{expected}计的数字",
        "found a percentage {value}; expected a number in {expected}",
    ),
    "data.cell.not_finite": (
        "单元格是{value}；应为以{expected}计的数字",
        "found {value}; expected a number in {expected}",
    ),
    "data.cell.text": (
        "单元格是文字{value}；应为以{expected}计的数字",
        "found text {value}; expected a number in {expected}",
    ),
    "data.cell.too_large": (
        "单元格{value}太大，不是数字；应为以{expected}计的数字",
        "found {value}, too large to be a number; expected a number in {expected}",
    ),
    "data.value.negative": (
        "负值{value}：{indicator}不能为负",
        "negative value {value}: {indicator} cannot be negative",
    ),
    "data.value.overflow": (
        "{value} {unit}换算后溢出",
        "{value} {unit} overflows when converted",
    ),
    "data.value.twice": (
        "（{zone}，{year}年）的{code}在本表中给出两次；另见{other}；请保留一个",
        "{code} of ({zone}, {year}) is given twice in this table; also at {other}; keep one",
    ),
    "data.total.mismatch": (
        "合计{label}为{total}，但其{n}个成员之和为{members}（{unit}；单元格{places}）；差额{diff}"
        "超出"
        "舍入误差（±{tol}）：某个数值或单位有误",
        "the total {label} is {total} but its {n} members sum to {members} ({unit}; cells "
        "{places}); the difference {diff} exceeds rounding (±{tol}): a value or a unit is wrong",
    ),
    "data.conflict": (
        "两个来源给出的{code}（{zone}，{year}年）不一致：{first}为{first_value}，{second}为{second_"
        "value}"
        "（超出两者的舍入误差）；请改正其一，或在数据清单中给出 priority",
        "two sources disagree on {code} of ({zone}, {year}): {first} gives {first_value}, "
        "{second} gives {second_value} (beyond the rounding of either); correct one, or give "
        "their files a priority in a manifest",
    ),
    # --- units ---------------------------------------------------------------------------------
    "data.unit.foreign": (
        "单位{unit}是外币，没有汇率无法换算为元，文件中也没有汇率；请先换算为元（万元、亿元、千元"
        "）再读入",
        "unit {unit} is a foreign currency and cannot be converted to 元 without an exchange "
        "rate, which the file does not carry; convert it to 元 (万元, 亿元, 千元) before loading",
    ),
    "data.unit.foreign_to": (
        "单位{unit}是外币，没有汇率无法换算为元，文件中也没有汇率；可换算为{canonical}的单位：{al"
        "lowed}",
        "unit {unit} is a foreign currency and cannot be converted to 元 without an exchange "
        "rate, which the file does not carry; units that convert to {canonical}: {allowed}",
    ),
    "data.unit.unknown": ("未知的单位{unit}", "unknown unit {unit}"),
    "data.unit.not_convertible": (
        "单位{unit}无法换算为{canonical}；请使用：{allowed}",
        "unit {unit} cannot be converted to {canonical}; use one of: {allowed}",
    ),
    "data.unit.for_indicator": (
        "{reason}（{indicator}的代码表单位）",
        "{reason} (the codebook unit of {indicator})",
    ),
    "data.unit.line_bare": (
        "表格单位{unit}没有说明计量的是什么：请写出基本单位，如货币写“单位：{prefix}元”，人数写“"
        "单位：{prefix}人”（表格单位只适用于同类的列）",
        "the table unit {unit} does not say what it measures: write the base unit, e.g. "
        "单位：{prefix}元 for money or 单位：{prefix}人 for persons (a table unit applies only to "
        "columns of its kind)",
    ),
    "data.unit.line_unknown": (
        "{line}中的表格单位{unit}无法识别；应为万元、亿元、千元、万人或万平方米等单位，多个单位以"
        "“、”分隔（单位：万元、人）",
        "unknown table unit {unit} in {line}; expected units such as 万元, 亿元, 千元, 万人 or "
        "万平方米, several separated by 、 (单位：万元、人)",
    ),
    "data.unit.line_two": (
        "同类的两个表格单位{first}与{second}：未注明单位的列可能是其中任一单位；请保留一个",
        "two table units of one kind, {first} and {second}: columns without a unit of their own "
        "could be either; keep one",
    ),
    "data.unit.line_changes": (
        "单位行{unit}与表格单位{table}不同：其下各行可能是其中任一单位",
        "the unit line {unit} differs from the table's unit {table}: the rows below could be in "
        "either",
    ),
    "data.unit.line_vs_units_row": (
        "同一列有两个单位：单位行（表格上方）中的{line}与表头下单位行中的{cell}；数值可能是其中任"
        "一单位",
        "two units for one column: {line} in the unit line and {cell} in the units row; its "
        "values could be in either",
    ),
    "data.unit.two_for_value": (
        "同一数值有两个不同的单位：{units}（列、行或表名中写明）；数值可能是其中任一单位",
        "two units for these values that disagree: {units} (written for the column, the row "
        "or the table); the values could be in either",
    ),
    "data.unit.cell_unknown": (
        "单位列中的{unit}不是可识别的单位",
        "{unit} in the unit column is not a unit",
    ),
    "data.unit.row_two": (
        "该行有两个单位：指标名中的{first}与单位列中的{second}",
        "two units for the row: {first} in the indicator's name and {second} in the unit column",
    ),
    # --- warnings ---------------------------------------------------------------------------
    "data.warn.in_file": ("文件{file}：{body}", "file {file}: {body}"),
    "data.warn.in_sheets": ("（工作表{sheets}）", " (sheets {sheets})"),
    "data.warn.column_in": ("{header}{where}", "{header}{where}"),
    "data.warn.ratio_in": (
        "{header}{where}——规划中的派生比率，由 add_ratios() 重新计算",
        "{header}{where} — a derived ratio, recomputed by add_ratios()",
    ),
    "data.warn.unknown_columns": (
        "代码表中没有的列未读入：{columns}（已知指标见`gxq codebook`；列于attrs['unknown_columns'"
        "]）",
        "columns the codebook does not know were not loaded: {columns} (known indicators: "
        "`gxq codebook`; they are listed in attrs['unknown_columns'])",
    ),
    "data.warn.derived_columns": (
        "派生数（增长率、占比、百分数、目标、各列合计）未读入：{columns}",
        "derived measures (growth, shares, percentages, targets, column totals) were not loaded: "
        "{columns}",
    ),
    "data.warn.assumed_one": (
        "{header}（{code}{where}）——按{unit}读入",
        "{header} ({code}{where}) — assumed {unit}",
    ),
    "data.warn.assumed_units": (
        "未注明单位的货币列按代码表单位读入：{columns}。火炬统计的货币单位为千元或万元：请核对来"
        "源，并在表头写明单位，"
        "如营业收入（万元），或在标题行写“单位：万元”（列于attrs['assumed_units']）",
        "money columns without a unit were read in the codebook's unit: {columns}. The Torch "
        "statistics report money in 千元 or 万元: check the source and write the unit in the "
        "header, e.g. 营业收入（万元）, or in a title row, 单位：万元 (listed in "
        "attrs['assumed_units'])",
    ),
    "data.warn.total_row": ("{where}第{row}行（{label}）", "{where}row {row} ({label})"),
    "data.warn.sheet_prefix": ("工作表{sheet}", "sheet {sheet} "),
    "data.warn.totals": ("合计行未读入：{rows}", "total rows were not loaded: {rows}"),
    "data.warn.ignored_sheets": (
        "没有高新区列或指标的工作表未读取：{sheets}",
        "sheets without a zone column or indicators were not read: {sheets}",
    ),
    "data.warn.hidden": (
        "已读入隐藏的工作表：{sheets}（Excel中看不到它们：请确认其中是当前数据而非旧副本；列于att"
        "rs['hidden_sheets']）",
        "hidden sheets were loaded: {sheets} (Excel does not show them: check that they hold "
        "current data, not an old copy; listed in attrs['hidden_sheets'])",
    ),
    "data.warn.no_indicators": (
        "未识别出指标列：{sheets}",
        "no indicator columns recognized in {sheets}",
    ),
    "data.warn.prefer": (
        "按布局文件 prefer = {prefer}，{header}列未读入{where}",
        "column {header} was not read: the layout file prefers {prefer}{where}",
    ),
    "data.warn.files_not_read": (
        "文件夹中的以下文件不是可读的表格，未读取：{files}",
        "files in the folder that are not tables were not read: {files}",
    ),
    # --- gxq validate ---------------------------------------------------------------------------
    "validate.file": ("文件：{file}  （sha256 {sha}）", "file: {file}  (sha256 {sha})"),
    "validate.format": ("格式：{format}", "format: {format}"),
    "validate.encoding": ("编码 {encoding}", "encoding {encoding}"),
    "validate.sheets": ("工作表：{sheets}", "sheets: {sheets}"),
    "validate.sep": ("；", "; "),
    "validate.colon": ("：", ": "),
    "validate.list_sep": ("、", ", "),
    "validate.mixed": ("多种排列", "several layouts mixed"),
    "validate.inputs.folder": (
        "文件夹：{path}，{n}个文件（sha256 {sha}）",
        "folder: {path}, {n} files (sha256 {sha})",
    ),
    "validate.inputs.manifest": (
        "数据清单：{path}，{n}个文件（sha256 {sha}）",
        "manifest: {path}, {n} files (sha256 {sha})",
    ),
    "validate.inputs.file": ("文件：{path}（sha256 {sha}）", "file: {path} (sha256 {sha})"),
    "validate.input_file": (
        "{file}：{format}，sha256 {sha}…，工作表 {sheets}，优先级 {priority}",
        "{file}: {format}, sha256 {sha}…, sheets {sheets}, priority {priority}",
    ),
    "validate.readings": ("各工作表的读法：", "how each sheet was read:"),
    "validate.sheet": ("工作表“{sheet}”", "sheet '{sheet}'"),
    "validate.the_file": ("文件", "the file"),
    "validate.in_file": ("{file}：{what}", "{file}: {what}"),
    "validate.table_no": ("表{n}（第{row}行起）", ", table {n} (from row {row})"),
    "validate.header_rows": ("表头行：{rows}", "header rows: {rows}"),
    "validate.unit_from.header": ("单位取自表头", "units from the header"),
    "validate.unit_from.unit_line": (
        "单位行（第{row}行）：{unit}",
        "unit line (row {row}): {unit}",
    ),
    "validate.unit_from.units_row": (
        "单位取自表头下的单位行（第{row}行）",
        "units from the units row under the header (row {row})",
    ),
    "validate.unit_from.sheet_name": (
        "单位取自工作表名：{unit}",
        "unit from the sheet name: {unit}",
    ),
    "validate.unit_from.title": ("单位取自标题：{unit}", "unit from the title: {unit}"),
    "validate.unit_from.mapping": ("单位取自布局文件：{unit}", "unit from the layout file: {unit}"),
    "validate.from.sheet_name": ("工作表名", "sheet name"),
    "validate.from.title": ("标题", "title"),
    "validate.from.mapping": ("布局文件", "layout file"),
    "validate.year_from": ("年份 {value}（取自{src}）", "year {value} (from the {src})"),
    "validate.zone_from": ("高新区 {value}（取自{src}）", "zone {value} (from the {src})"),
    "validate.indicator_from": ("指标 {value}（取自{src}）", "indicator {value} (from the {src})"),
    "validate.skipped": ("跳过的行：", "rows skipped:"),
    "validate.row": ("第{row}行", "row {row}"),
    "validate.reason.title": ("标题", "title"),
    "validate.reason.unit_line": ("单位行", "unit line"),
    "validate.reason.note": ("注释", "footnote"),
    "validate.reason.source": ("资料来源", "source line"),
    "validate.reason.total": ("合计行", "total"),
    "validate.reason.section": ("分组标题", "section heading"),
    "validate.reason.continued": ("续表标题", "continued-table title"),
    "validate.reason.repeated_header": ("重复的表头", "repeated header"),
    "validate.reason.zone_heading": ("高新区小标题", "zone heading"),
    "validate.reason.derived": ("派生数（增长、占比等）", "derived measure (growth, share, ...)"),
    "validate.reason.unknown": ("代码表中没有的指标", "indicator the codebook does not know"),
    "validate.columns_skipped": ("未读的列：", "columns not read:"),
    "validate.column_reason.unknown": ("代码表中没有", "not in the codebook"),
    "validate.column_reason.remark": ("备注", "remarks"),
    "validate.column_reason.derived": (
        "派生数（增长、占比、百分数）",
        "derived measure (growth, share, %)",
    ),
    "validate.column_reason.column_total": (
        "各列的合计，不是一个高新区的数值",
        "a total of the columns, not a zone's value",
    ),
    "validate.column_reason.target": ("目标值，不是实际数", "a target, not an actual value"),
    "validate.column_reason.not_preferred": (
        "同一年份的另一列（布局文件 prefer）",
        "another column of the same year (the layout file's prefer)",
    ),
    "validate.totals": ("合计核对：", "totals checked:"),
    "validate.total_status.ok": (
        "与各成员之和相符（{n} 列）",
        "equals the sum of its members ({n} columns)",
    ),
    "validate.total_status.mismatch": ("与各成员之和不符", "differs from the sum of its members"),
    "validate.total_status.members_missing": (
        "未核对：表中成员不全",
        "not checked: members missing from the table",
    ),
    "validate.total_status.no_values": ("未核对：缺少数值", "not checked: values missing"),
    "validate.total_status.not_a_sum": (
        "不是加总（平均值或全国数），未核对",
        "not a sum (average or national figure), not checked",
    ),
    "validate.coverage": (
        "覆盖：{z} 个高新区 × {y} 个年份（{y0}–{y1}）× {i} 项有数据的指标，共 {n} 行",
        "coverage: {z} zones × {y} years ({y0}–{y1}) × {i} indicators with data, {n} rows",
    ),
    "validate.gaps": (
        "缺少的高新区-年份组合：{k} 个（面板不平衡）",
        "zone-year combinations absent: {k} (unbalanced panel)",
    ),
    "validate.zones": ("高新区：{zones}", "zones: {zones}"),
    "validate.table": (
        "各指标的数据（有值 / 缺失，按行计）：",
        "data per indicator (present / missing, in rows):",
    ),
    "validate.col.indicator": ("指标", "indicator"),
    "validate.col.unit": ("单位", "unit"),
    "validate.col.present": ("有值", "present"),
    "validate.col.missing": ("缺失", "missing"),
    "validate.col.code": ("代码", "code"),
    "validate.empty": ("无任何数据的指标：{codes}", "indicators without any data: {codes}"),
    "validate.coverage_matrix": (
        "各指标的覆盖（高新区 × 年份；■ 有值，· 无）：",
        "coverage per indicator (zones × years; ■ a value, · none):",
    ),
    "validate.units": (
        "读入时的单位（已换算为代码表单位）：{units}",
        "units as read (converted to the codebook's units): {units}",
    ),
    "validate.assumed": (
        "未注明单位，按代码表单位读入：{units}",
        "unit not stated, assumed the codebook's: {units}",
    ),
    "validate.matrix_head": ("{name}：{n}/{total}", "{name}: {n}/{total}"),
    "validate.agreed": (
        "{n}个数值由多个来源给出且一致（在舍入误差内），各保留一次"
        "（来源见 provenance.csv 的 also 列）",
        "{n} values given by several sources agree (within rounding) and are kept once (the "
        "other places are in the also column of provenance.csv)",
    ),
    "validate.conflicts": ("按优先级处理的冲突：", "conflicts settled by priority:"),
    "validate.conflict": (
        "{zone} {year}年 {indicator}：取{kept}（{value}），舍弃 {dropped}",
        "{zone} {year} {indicator}: kept {kept} ({value}), not {dropped}",
    ),
    "validate.warnings": ("警告：", "warnings: "),
    "validate.unit_in": ("{unit}（{where}）", "{unit} ({where})"),
    "validate.unit_sheets": ("工作表{sheets}", "sheets {sheets}"),
    "validate.quoted": ("“{text}”", "'{text}'"),
    "validate.none": ("无", "none"),
    "validate.ok": ("校验通过", "validation passed"),
}
