package dev.zero.row;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The names of PostgreSQL's built-in data types by OID, and the element type of each built-in
 * array type. pgoutput identifies column types by OID only and describes just the types that
 * are not built in, so this table fills the gap; it never queries a server. The OIDs are fixed
 * by PostgreSQL's catalog ({@code pg_type.dat}) and have not changed since they were assigned.
 */
final class BuiltinTypes {

	private static final Map<Integer, String> NAMES = new HashMap<>();

	private static final Map<String, Integer> OIDS = new HashMap<>();

	private static final Map<Integer, Integer> ELEMENTS = new HashMap<>();

	static {
		add(16, "bool");
		add(17, "bytea");
		add(18, "char");
		add(19, "name");
		add(20, "int8");
		add(21, "int2");
		add(22, "int2vector");
		add(23, "int4");
		add(24, "regproc");
		add(25, "text");
		add(26, "oid");
		add(27, "tid");
		add(28, "xid");
		add(29, "cid");
		add(30, "oidvector");
		add(114, "json");
		add(142, "xml");
		add(143, "_xml", 142);
		add(199, "_json", 114);
		add(271, "_xid8", 5069);
		add(600, "point");
		add(601, "lseg");
		add(602, "path");
		add(603, "box");
		add(604, "polygon");
		add(628, "line");
		add(629, "_line", 628);
		add(650, "cidr");
		add(651, "_cidr", 650);
		add(700, "float4");
		add(701, "float8");
		add(705, "unknown");
		add(718, "circle");
		add(719, "_circle", 718);
		add(774, "macaddr8");
		add(775, "_macaddr8", 774);
		add(790, "money");
		add(791, "_money", 790);
		add(829, "macaddr");
		add(869, "inet");
		add(1000, "_bool", 16);
		add(1001, "_bytea", 17);
		add(1002, "_char", 18);
		add(1003, "_name", 19);
		add(1005, "_int2", 21);
		add(1006, "_int2vector", 22);
		add(1007, "_int4", 23);
		add(1008, "_regproc", 24);
		add(1009, "_text", 25);
		add(1010, "_tid", 27);
		add(1011, "_xid", 28);
		add(1012, "_cid", 29);
		add(1013, "_oidvector", 30);
		add(1014, "_bpchar", 1042);
		add(1015, "_varchar", 1043);
		add(1016, "_int8", 20);
		add(1017, "_point", 600);
		add(1018, "_lseg", 601);
		add(1019, "_path", 602);
		add(1020, "_box", 603);
		add(1021, "_float4", 700);
		add(1022, "_float8", 701);
		add(1027, "_polygon", 604);
		add(1028, "_oid", 26);
		add(1033, "aclitem");
		add(1034, "_aclitem", 1033);
		add(1040, "_macaddr", 829);
		add(1041, "_inet", 869);
		add(1042, "bpchar");
		add(1043, "varchar");
		add(1082, "date");
		add(1083, "time");
		add(1114, "timestamp");
		add(1115, "_timestamp", 1114);
		add(1182, "_date", 1082);
		add(1183, "_time", 1083);
		add(1184, "timestamptz");
		add(1185, "_timestamptz", 1184);
		add(1186, "interval");
		add(1187, "_interval", 1186);
		add(1231, "_numeric", 1700);
		add(1266, "timetz");
		add(1270, "_timetz", 1266);
		add(1560, "bit");
		add(1561, "_bit", 1560);
		add(1562, "varbit");
		add(1563, "_varbit", 1562);
		add(1700, "numeric");
		add(1790, "refcursor");
		add(2201, "_refcursor", 1790);
		add(2202, "regprocedure");
		add(2203, "regoper");
		add(2204, "regoperator");
		add(2205, "regclass");
		add(2206, "regtype");
		add(2207, "_regprocedure", 2202);
		add(2208, "_regoper", 2203);
		add(2209, "_regoperator", 2204);
		add(2210, "_regclass", 2205);
		add(2211, "_regtype", 2206);
		add(2949, "_txid_snapshot", 2970);
		add(2950, "uuid");
		add(2951, "_uuid", 2950);
		add(2970, "txid_snapshot");
		add(3220, "pg_lsn");
		add(3614, "tsvector");
		add(3615, "tsquery");
		add(3643, "_tsvector", 3614);
		add(3645, "_tsquery", 3615);
		add(3734, "regconfig");
		add(3735, "_regconfig", 3734);
		add(3769, "regdictionary");
		add(3770, "_regdictionary", 3769);
		add(3802, "jsonb");
		add(3807, "_jsonb", 3802);
		add(3904, "int4range");
		add(3905, "_int4range", 3904);
		add(3906, "numrange");
		add(3907, "_numrange", 3906);
		add(3908, "tsrange");
		add(3909, "_tsrange", 3908);
		add(3910, "tstzrange");
		add(3911, "_tstzrange", 3910);
		add(3912, "daterange");
		add(3913, "_daterange", 3912);
		add(3926, "int8range");
		add(3927, "_int8range", 3926);
		add(4072, "jsonpath");
		add(4073, "_jsonpath", 4072);
		add(4089, "regnamespace");
		add(4090, "_regnamespace", 4089);
		add(4096, "regrole");
		add(4097, "_regrole", 4096);
		add(4191, "regcollation");
		add(4192, "_regcollation", 4191);
		add(4451, "int4multirange");
		add(4532, "nummultirange");
		add(4533, "tsmultirange");
		add(4534, "tstzmultirange");
		add(4535, "datemultirange");
		add(4536, "int8multirange");
		add(5038, "pg_snapshot");
		add(5069, "xid8");
		add(6150, "_int4multirange", 4451);
		add(6151, "_nummultirange", 4532);
		add(6152, "_tsmultirange", 4533);
		add(6153, "_tstzmultirange", 4534);
		add(6155, "_datemultirange", 4535);
		add(6157, "_int8multirange", 4536);
	}

	private BuiltinTypes() {
	}

	/**
	 * The name of a built-in type as in {@code pg_type.typname}: {@code int4},
	 * {@code timestamptz}, {@code _text} for {@code text[]}.
	 * @param oid the type's OID
	 * @return the name, or {@code null} when the type is not built in
	 */
	static @Nullable String name(int oid) {
		return NAMES.get(oid);
	}

	/**
	 * The OID of the built-in type with the given {@code pg_type.typname}.
	 * @param name the type's name, unqualified
	 * @return the OID, or 0 when no built-in type has that name
	 */
	static int oid(String name) {
		Integer oid = OIDS.get(name);
		return (oid != null) ? oid : 0;
	}

	/**
	 * The element type of a built-in array type.
	 * @param arrayOid the array type's OID
	 * @return the element type's OID, or 0 when {@code arrayOid} is not a built-in array type
	 */
	static int elementType(int arrayOid) {
		Integer element = ELEMENTS.get(arrayOid);
		return (element != null) ? element : 0;
	}

	private static void add(int oid, String name) {
		NAMES.put(oid, name);
		OIDS.put(name, oid);
	}

	private static void add(int oid, String name, int elementOid) {
		add(oid, name);
		ELEMENTS.put(oid, elementOid);
	}

}
