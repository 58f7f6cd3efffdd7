//! Demo school: a realistic THCS with grades 6–9, used by `hocba seed-demo` and the first `run`.
//!
//! Everything here is pure and deterministic: [`generate`] builds a whole school (subjects of
//! Thông tư 22/2021, subject groups, staff, twelve classes of students with their guardians, and
//! the teaching assignments) from a seed with [`StdRng`], so the same seed always yields the same
//! school. No I/O happens here; the caller inserts the returned structs into the database.
//!
//! All Vietnamese text is written in precomposed (NFC) form.

use std::collections::BTreeSet;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The whole demo school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSchool {
    pub code: String,
    pub name: String,
    pub district: String,
    pub province: String,
    pub address: String,
    pub school_year: DemoYear,
    pub subject_groups: Vec<DemoSubjectGroup>,
    pub subjects: Vec<DemoSubject>,
    pub staff: Vec<DemoStaff>,
    pub classes: Vec<DemoClass>,
    pub assignments: Vec<DemoAssignment>,
}

/// A school year with its two semesters; dates are `(year, month, day)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoYear {
    pub name: String,
    pub start: (i32, u32, u32),
    pub end: (i32, u32, u32),
    pub semester1: ((i32, u32, u32), (i32, u32, u32)),
    pub semester2: ((i32, u32, u32), (i32, u32, u32)),
}

/// A subject group (tổ chuyên môn).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSubjectGroup {
    pub key: &'static str,
    pub name: String,
}

/// How a subject is assessed under Thông tư 22/2021.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssessmentKind {
    /// Đánh giá bằng nhận xét kết hợp với điểm số.
    Scored,
    /// Đánh giá bằng nhận xét (Đạt / Chưa đạt).
    Comment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSubject {
    pub code: &'static str,
    pub name: String,
    pub kind: AssessmentKind,
    pub periods_per_year: u32,
    pub group_key: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoStaff {
    pub username: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub gender: Gender,
    pub position: String,
    pub roles: Vec<&'static str>,
    pub email: String,
    pub phone: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoClass {
    pub name: String,
    pub grade: u8,
    pub homeroom_username: String,
    pub students: Vec<DemoStudent>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoStudent {
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub gender: Gender,
    pub date_of_birth: (i32, u32, u32),
    pub ethnicity: String,
    pub place_of_birth: String,
    pub address: String,
    pub guardians: Vec<DemoGuardian>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoGuardian {
    pub full_name: String,
    pub relationship: String,
    pub phone: String,
    pub occupation: String,
}

/// One teacher teaching one subject in one class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAssignment {
    pub class_name: String,
    pub subject_code: &'static str,
    pub teacher_username: String,
}

impl DemoStudent {
    /// "Nguyễn Văn An"; an empty middle name is skipped.
    pub fn full_name(&self) -> String {
        join_name(&self.family_name, &self.middle_name, &self.given_name)
    }
}

impl DemoStaff {
    /// "Nguyễn Thị Lan"; an empty middle name is skipped.
    pub fn full_name(&self) -> String {
        join_name(&self.family_name, &self.middle_name, &self.given_name)
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed facts about the school.
// ---------------------------------------------------------------------------------------------

const SCHOOL_CODE: &str = "THCS-NGUYEN-DU";
const SCHOOL_NAME: &str = "Trường THCS Nguyễn Du";
const SCHOOL_DISTRICT: &str = "Quận 1";
const SCHOOL_PROVINCE: &str = "Thành phố Hồ Chí Minh";
const SCHOOL_ADDRESS: &str = "12 Nguyễn Du, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh";
const EMAIL_DOMAIN: &str = "thcsnguyendu.edu.vn";
/// Province code of Thành phố Hồ Chí Minh, the first two digits of every student code.
const PROVINCE_CODE: &str = "79";

const USER_PRINCIPAL: &str = "hieutruong";
const USER_VICE_PRINCIPAL: &str = "phohieutruong";
const USER_ADMIN: &str = "admin";
const USER_EDITOR: &str = "bientap";
const USER_HEAD_MATH: &str = "totruong.toan";
const USER_MATH_TEACHER: &str = "gv.toan";
const USER_HOMEROOM_6A1: &str = "gvcn.6a1";

const ROLE_PRINCIPAL: &str = "principal";
const ROLE_ADMIN: &str = "admin";
const ROLE_EDITOR: &str = "editor";
const ROLE_SUBJECT_TEACHER: &str = "subject_teacher";
const ROLE_HOMEROOM_TEACHER: &str = "homeroom_teacher";
const ROLE_GROUP_HEAD: &str = "group_head";

const GRADES: [u8; 4] = [6, 7, 8, 9];
const CLASSES_PER_GRADE: usize = 3;
const CLASS_COUNT: usize = GRADES.len() * CLASSES_PER_GRADE;
const MIN_CLASS_SIZE: usize = 35;
const MAX_CLASS_SIZE: usize = 45;

const G_NGU_VAN: &str = "ngu_van_gdcd";
const G_TOAN: &str = "toan_tin";
const G_KHTN: &str = "khtn_cong_nghe";
const G_NGOAI_NGU: &str = "ngoai_ngu";
const G_SU_DIA: &str = "lich_su_dia_li";
const G_NGHE_THUAT: &str = "nghe_thuat_the_chat";

/// The THCS subjects of the 2018 programme (Thông tư 22/2021/TT-BGDĐT):
/// (code, name, assessment, periods per year, owning group).
const SUBJECTS: [(&str, &str, AssessmentKind, u32, &str); 12] = [
    ("NV", "Ngữ văn", AssessmentKind::Scored, 140, G_NGU_VAN),
    ("TOAN", "Toán", AssessmentKind::Scored, 140, G_TOAN),
    (
        "NN1",
        "Ngoại ngữ 1 – Tiếng Anh",
        AssessmentKind::Scored,
        105,
        G_NGOAI_NGU,
    ),
    (
        "GDCD",
        "Giáo dục công dân",
        AssessmentKind::Scored,
        35,
        G_NGU_VAN,
    ),
    (
        "LSDL",
        "Lịch sử và Địa lí",
        AssessmentKind::Scored,
        105,
        G_SU_DIA,
    ),
    (
        "KHTN",
        "Khoa học tự nhiên",
        AssessmentKind::Scored,
        140,
        G_KHTN,
    ),
    ("CN", "Công nghệ", AssessmentKind::Scored, 35, G_KHTN),
    ("TIN", "Tin học", AssessmentKind::Scored, 35, G_TOAN),
    (
        "GDTC",
        "Giáo dục thể chất",
        AssessmentKind::Comment,
        70,
        G_NGHE_THUAT,
    ),
    (
        "NT",
        "Nghệ thuật",
        AssessmentKind::Comment,
        70,
        G_NGHE_THUAT,
    ),
    (
        "HDTN",
        "Hoạt động trải nghiệm, hướng nghiệp",
        AssessmentKind::Comment,
        105,
        G_NGHE_THUAT,
    ),
    (
        "GDDP",
        "Nội dung giáo dục của địa phương",
        AssessmentKind::Comment,
        35,
        G_NGU_VAN,
    ),
];

/// How one subject of a group is shared between the group's teachers.
struct SubjectShare {
    subject: &'static str,
    /// The first part keeps its place and so teaches the subject from 6A1 on.
    pinned_first: bool,
    /// (teacher slot in the group, min classes, max classes); classes are handed out in
    /// contiguous runs (6A1, 6A2, …), the way a school timetable usually looks.
    parts: &'static [(usize, usize, usize)],
}

struct GroupPlan {
    key: &'static str,
    name: &'static str,
    /// One entry per teacher; slot 0 is the head of the group (tổ trưởng chuyên môn).
    /// `Some` is a fixed, documented username.
    teachers: &'static [Option<&'static str>],
    shares: &'static [SubjectShare],
}

const GROUPS: [GroupPlan; 6] = [
    GroupPlan {
        key: G_NGU_VAN,
        name: "Tổ Ngữ văn – GDCD",
        teachers: &[None, Some(USER_HOMEROOM_6A1), None, None, None],
        shares: &[
            SubjectShare {
                subject: "NV",
                pinned_first: true,
                parts: &[(1, 2, 4), (0, 2, 3), (2, 2, 4), (3, 2, 4)],
            },
            SubjectShare {
                subject: "GDCD",
                pinned_first: false,
                parts: &[(4, 12, 12)],
            },
            SubjectShare {
                subject: "GDDP",
                pinned_first: false,
                parts: &[(4, 4, 8), (0, 4, 8)],
            },
        ],
    },
    GroupPlan {
        key: G_TOAN,
        name: "Tổ Toán – Tin",
        teachers: &[
            Some(USER_HEAD_MATH),
            Some(USER_MATH_TEACHER),
            None,
            None,
            None,
        ],
        shares: &[
            SubjectShare {
                subject: "TOAN",
                pinned_first: true,
                parts: &[(1, 3, 4), (0, 2, 3), (2, 3, 4), (3, 3, 4)],
            },
            SubjectShare {
                subject: "TIN",
                pinned_first: false,
                parts: &[(4, 12, 12)],
            },
        ],
    },
    GroupPlan {
        key: G_KHTN,
        name: "Tổ Khoa học tự nhiên – Công nghệ",
        teachers: &[None, None, None, None, None],
        shares: &[
            SubjectShare {
                subject: "KHTN",
                pinned_first: false,
                parts: &[(0, 2, 3), (1, 2, 4), (2, 2, 4), (3, 2, 4)],
            },
            SubjectShare {
                subject: "CN",
                pinned_first: false,
                parts: &[(4, 12, 12)],
            },
        ],
    },
    GroupPlan {
        key: G_NGOAI_NGU,
        name: "Tổ Ngoại ngữ",
        teachers: &[None, None, None],
        shares: &[SubjectShare {
            subject: "NN1",
            pinned_first: false,
            parts: &[(0, 3, 4), (1, 3, 5), (2, 3, 5)],
        }],
    },
    GroupPlan {
        key: G_SU_DIA,
        name: "Tổ Lịch sử – Địa lí",
        teachers: &[None, None, None],
        shares: &[SubjectShare {
            subject: "LSDL",
            pinned_first: false,
            parts: &[(0, 3, 4), (1, 3, 5), (2, 3, 5)],
        }],
    },
    GroupPlan {
        key: G_NGHE_THUAT,
        name: "Tổ Nghệ thuật – Thể chất",
        teachers: &[None, None, None, None, None],
        shares: &[
            SubjectShare {
                subject: "GDTC",
                pinned_first: false,
                parts: &[(0, 5, 6), (1, 6, 7)],
            },
            SubjectShare {
                subject: "NT",
                pinned_first: false,
                parts: &[(2, 6, 6), (3, 6, 6)],
            },
            SubjectShare {
                subject: "HDTN",
                pinned_first: false,
                parts: &[(4, 4, 6), (0, 1, 2), (1, 1, 2), (2, 1, 3), (3, 1, 3)],
            },
        ],
    },
];

// ---------------------------------------------------------------------------------------------
// Name and place material.
// ---------------------------------------------------------------------------------------------

/// Kinh family names with weights (per mille), roughly as in the population of the South.
const KINH_FAMILY_NAMES: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Phan", 40),
    ("Huỳnh", 30),
    ("Võ", 30),
    ("Hoàng", 22),
    ("Vũ", 18),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Trương", 10),
    ("Đinh", 7),
    ("Đoàn", 6),
    ("Lâm", 6),
    ("Lý", 5),
    ("Mai", 5),
    ("Lương", 5),
    ("Lưu", 4),
    ("Châu", 4),
    ("Cao", 4),
    ("Tô", 3),
    ("Tạ", 3),
    ("Kiều", 2),
    ("Âu", 2),
    ("Ưng", 1),
];
const HOA_FAMILY_NAMES: &[(&str, u32)] = &[
    ("Lâm", 3),
    ("Trương", 3),
    ("Lý", 3),
    ("Quách", 2),
    ("Hứa", 2),
    ("Mã", 2),
    ("Tăng", 2),
    ("Diệp", 1),
    ("La", 1),
];
const KHMER_FAMILY_NAMES: &[(&str, u32)] = &[
    ("Thạch", 3),
    ("Sơn", 2),
    ("Danh", 2),
    ("Kim", 2),
    ("Lâm", 1),
    ("Châu", 1),
];
const TAY_FAMILY_NAMES: &[(&str, u32)] = &[
    ("Nông", 3),
    ("Hoàng", 3),
    ("Lương", 2),
    ("Bế", 2),
    ("Ma", 1),
];
const MUONG_FAMILY_NAMES: &[(&str, u32)] = &[("Bùi", 3), ("Đinh", 3), ("Quách", 2), ("Hà", 2)];
const THAI_FAMILY_NAMES: &[(&str, u32)] =
    &[("Lò", 3), ("Lường", 2), ("Cầm", 2), ("Vi", 1), ("Hà", 2)];

/// (ethnicity, weight per mille).
const ETHNICITIES: &[(&str, u32)] = &[
    ("Kinh", 930),
    ("Hoa", 30),
    ("Khmer", 12),
    ("Tày", 10),
    ("Mường", 9),
    ("Thái", 9),
];

const BOY_MIDDLE_NAMES: &[(&str, u32)] = &[
    ("Văn", 6),
    ("Minh", 8),
    ("Gia", 6),
    ("Đức", 5),
    ("Quốc", 5),
    ("Hoàng", 5),
    ("Thành", 4),
    ("Anh", 4),
    ("Hữu", 3),
    ("Công", 3),
    ("Tuấn", 3),
    ("Nhật", 4),
    ("Đăng", 4),
    ("Trung", 2),
    ("Bảo", 4),
    ("Thanh", 3),
    ("Khánh", 2),
    ("Duy", 3),
    ("Phúc", 2),
    ("Tiến", 2),
];
const BOY_DOUBLE_MIDDLE_NAMES: &[&str] = &[
    "Hoàng Gia",
    "Lê Minh",
    "Trần Gia",
    "Phạm Minh",
    "Nguyễn Đăng",
    "Huỳnh Gia",
    "Minh Đăng",
    "Trần Đức",
];
const GIRL_MIDDLE_NAMES: &[(&str, u32)] = &[
    ("Thị", 6),
    ("Ngọc", 8),
    ("Thu", 4),
    ("Thanh", 4),
    ("Minh", 4),
    ("Khánh", 4),
    ("Bảo", 6),
    ("Phương", 4),
    ("Mai", 3),
    ("Hồng", 2),
    ("Kim", 3),
    ("Thùy", 3),
    ("Hoài", 2),
    ("Quỳnh", 2),
    ("Diệu", 2),
    ("Như", 2),
    ("Tường", 2),
    ("Gia", 3),
    ("Yến", 2),
];
const GIRL_DOUBLE_MIDDLE_NAMES: &[&str] = &[
    "Ngọc Bảo",
    "Thị Thu",
    "Hoàng Bảo",
    "Ngọc Khánh",
    "Lê Bảo",
    "Trần Minh",
    "Thị Ngọc",
    "Phạm Khánh",
    "Ngọc Phương",
];

/// Given names that make Vietnamese collation interesting: near-duplicates (An/Anh/Ân),
/// D versus Đ, a/ă/â, u/ư, and names differing only by their tone mark.
const BOY_TRICKY_GIVEN_NAMES: &[&str] = &[
    "An", "An", "Ân", "Anh", "Anh", "Dũng", "Duy", "Dương", "Đạt", "Đăng", "Đông", "Đức", "Đức",
    "Hưng", "Hùng", "Khang", "Khánh", "Khoa", "Khôi", "Thắng", "Tuấn", "Tú", "Tùng", "Vũ", "Vĩ",
    "Uy",
];
const BOY_PLAIN_GIVEN_NAMES: &[&str] = &[
    "Bảo", "Bình", "Cường", "Hải", "Hiếu", "Hoàng", "Huy", "Kiên", "Kiệt", "Lâm", "Long", "Lộc",
    "Minh", "Nam", "Nguyên", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài",
    "Thịnh", "Thiện", "Toàn", "Trí", "Trung", "Việt", "Vinh", "Khải",
];
const GIRL_TRICKY_GIVEN_NAMES: &[&str] = &[
    "An", "Anh", "Anh", "Ánh", "Âu", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Đào", "Hà", "Hạ",
    "Hân", "Hằng", "Hạnh", "My", "Mỹ", "Nga", "Ngân", "Ngọc", "Thư", "Thu", "Thủy", "Thùy", "Uyên",
    "Vi", "Vy",
];
const GIRL_PLAIN_GIVEN_NAMES: &[&str] = &[
    "Giang", "Hiền", "Hoa", "Hương", "Huyền", "Khánh", "Lan", "Linh", "Loan", "Ly", "Mai", "Nhi",
    "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Trang", "Trâm", "Vân", "Yến", "Trinh",
    "Tiên", "Nhiên",
];

const MAN_MIDDLE_NAMES: &[(&str, u32)] = &[
    ("Văn", 10),
    ("Minh", 3),
    ("Quốc", 2),
    ("Hữu", 2),
    ("Đức", 2),
    ("Thanh", 2),
    ("Ngọc", 1),
    ("Công", 2),
    ("Hoàng", 1),
];
const MAN_GIVEN_NAMES: &[&str] = &[
    "Hùng", "Dũng", "Tuấn", "Hải", "Sơn", "Thắng", "Cường", "Bình", "Long", "Phong", "Tâm", "Toàn",
    "Nam", "Trung", "Quang", "Hiếu", "Khoa", "Thành", "Phúc", "Lợi", "Tài", "Hòa", "Vinh", "Đông",
    "Đạt", "Lâm",
];
const WOMAN_MIDDLE_NAMES: &[(&str, u32)] = &[
    ("Thị", 12),
    ("Ngọc", 2),
    ("Thanh", 2),
    ("Thu", 2),
    ("Hồng", 1),
    ("Kim", 1),
    ("Mỹ", 1),
];
const WOMAN_GIVEN_NAMES: &[&str] = &[
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Hạnh",
    "Thủy",
    "Nga",
    "Hằng",
    "Thảo",
    "Tuyết",
    "Dung",
    "Loan",
    "Liên",
    "Phượng",
    "Oanh",
    "Vân",
    "Yến",
    "Trinh",
    "Hà",
    "Huệ",
    "Nhung",
    "Hiền",
    "Thúy",
    "Xuân",
    "Ánh",
    "Đào",
];

/// Districts students live in: (district, weight, wards, streets).
const HOME_DISTRICTS: &[(&str, u32, &[&str], &[&str])] = &[
    (
        "Quận 1",
        75,
        &[
            "Phường Bến Nghé",
            "Phường Bến Thành",
            "Phường Cầu Kho",
            "Phường Cầu Ông Lãnh",
            "Phường Cô Giang",
            "Phường Đa Kao",
            "Phường Nguyễn Cư Trinh",
            "Phường Nguyễn Thái Bình",
            "Phường Phạm Ngũ Lão",
            "Phường Tân Định",
        ],
        &[
            "Lê Lợi",
            "Hai Bà Trưng",
            "Pasteur",
            "Nam Kỳ Khởi Nghĩa",
            "Trần Hưng Đạo",
            "Nguyễn Thị Minh Khai",
            "Điện Biên Phủ",
            "Cống Quỳnh",
            "Nguyễn Trãi",
            "Đề Thám",
            "Cô Bắc",
            "Cô Giang",
            "Trần Quang Khải",
            "Đinh Tiên Hoàng",
            "Nguyễn Đình Chiểu",
            "Võ Văn Tần",
            "Lý Tự Trọng",
            "Calmette",
            "Yersin",
            "Nguyễn Cư Trinh",
            "Trần Đình Xu",
            "Bùi Viện",
            "Đặng Dung",
            "Trần Khắc Chân",
        ],
    ),
    (
        "Quận 3",
        8,
        &[
            "Phường Võ Thị Sáu",
            "Phường 1",
            "Phường 2",
            "Phường 4",
            "Phường 5",
            "Phường 9",
            "Phường 11",
            "Phường 12",
            "Phường 14",
        ],
        &[
            "Cách Mạng Tháng Tám",
            "Lê Văn Sỹ",
            "Trần Quốc Thảo",
            "Kỳ Đồng",
            "Nguyễn Thượng Hiền",
            "Bàn Cờ",
            "Nguyễn Thiện Thuật",
        ],
    ),
    (
        "Quận 4",
        6,
        &[
            "Phường 1",
            "Phường 2",
            "Phường 4",
            "Phường 8",
            "Phường 9",
            "Phường 13",
            "Phường 15",
            "Phường 16",
            "Phường 18",
        ],
        &[
            "Khánh Hội",
            "Hoàng Diệu",
            "Tôn Đản",
            "Đoàn Văn Bơ",
            "Nguyễn Tất Thành",
            "Vĩnh Khánh",
        ],
    ),
    (
        "Quận 5",
        5,
        &[
            "Phường 1",
            "Phường 2",
            "Phường 4",
            "Phường 7",
            "Phường 9",
            "Phường 11",
            "Phường 12",
            "Phường 14",
        ],
        &[
            "Hùng Vương",
            "An Dương Vương",
            "Châu Văn Liêm",
            "Hải Thượng Lãn Ông",
            "Trần Hưng Đạo",
            "Nguyễn Trãi",
        ],
    ),
    (
        "Quận Bình Thạnh",
        6,
        &[
            "Phường 1",
            "Phường 3",
            "Phường 7",
            "Phường 12",
            "Phường 14",
            "Phường 17",
            "Phường 19",
            "Phường 22",
            "Phường 25",
        ],
        &[
            "Xô Viết Nghệ Tĩnh",
            "Điện Biên Phủ",
            "Đinh Bộ Lĩnh",
            "Bạch Đằng",
            "Nguyễn Xí",
            "Phan Đăng Lưu",
        ],
    ),
];

const HCMC: &str = "Thành phố Hồ Chí Minh";
/// Other birthplaces of Kinh students (provinces as named at the time of birth).
const KINH_OTHER_BIRTHPLACES: &[&str] = &[
    "Bình Dương",
    "Đồng Nai",
    "Long An",
    "Tiền Giang",
    "Bến Tre",
    "Thành phố Cần Thơ",
    "An Giang",
    "Thành phố Hà Nội",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Ngãi",
    "Bình Định",
    "Thừa Thiên Huế",
    "Đắk Lắk",
    "Lâm Đồng",
];

const OCCUPATIONS: &[(&str, u32)] = &[
    ("Công nhân", 14),
    ("Kinh doanh", 14),
    ("Buôn bán", 10),
    ("Nhân viên văn phòng", 14),
    ("Giáo viên", 5),
    ("Kỹ sư", 5),
    ("Bác sĩ", 2),
    ("Điều dưỡng", 2),
    ("Tài xế", 5),
    ("Công chức", 5),
    ("Kế toán", 4),
    ("Lao động tự do", 8),
    ("Thợ may", 2),
    ("Thợ điện", 2),
    ("Nông dân", 2),
    ("Công an", 1),
    ("Bộ đội", 1),
];
const GRANDPARENT_OCCUPATIONS: &[(&str, u32)] = &[
    ("Hưu trí", 6),
    ("Buôn bán", 2),
    ("Nông dân", 1),
    ("Lao động tự do", 1),
];

/// Vietnamese mobile prefixes (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile) in 03/07/08/09.
const MOBILE_PREFIXES: &[&str] = &[
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
    "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
    "097", "098", "092", "099",
];

// ---------------------------------------------------------------------------------------------
// Generation.
// ---------------------------------------------------------------------------------------------

/// Builds the demo school; the same `seed` always gives the same school.
pub fn generate(seed: u64) -> DemoSchool {
    let mut rng = StdRng::seed_from_u64(seed);

    let subject_groups = GROUPS
        .iter()
        .map(|g| DemoSubjectGroup {
            key: g.key,
            name: g.name.to_string(),
        })
        .collect();
    let subjects = SUBJECTS
        .iter()
        .map(|&(code, name, kind, periods, group)| DemoSubject {
            code,
            name: name.to_string(),
            kind,
            periods_per_year: periods,
            group_key: group,
        })
        .collect();

    let class_names: Vec<String> = (0..CLASS_COUNT)
        .map(|c| format!("{}A{}", class_grade(c), c % CLASSES_PER_GRADE + 1))
        .collect();

    let mut taken_usernames: BTreeSet<String> = [
        USER_PRINCIPAL,
        USER_VICE_PRINCIPAL,
        USER_ADMIN,
        USER_EDITOR,
        USER_HEAD_MATH,
        USER_MATH_TEACHER,
        USER_HOMEROOM_6A1,
    ]
    .iter()
    .map(|u| u.to_string())
    .collect();

    // Leadership and office staff.
    // Staff full names are kept distinct so that demo accounts are easy to tell apart.
    let mut staff_names = BTreeSet::new();
    let mut staff: Vec<DemoStaff> = [
        (USER_PRINCIPAL, "Hiệu trưởng", ROLE_PRINCIPAL),
        (USER_VICE_PRINCIPAL, "Phó Hiệu trưởng", ROLE_PRINCIPAL),
        (USER_ADMIN, "Nhân viên quản trị", ROLE_ADMIN),
        (USER_EDITOR, "Nhân viên văn thư", ROLE_EDITOR),
    ]
    .into_iter()
    .map(|(username, position, role)| {
        office_staff(&mut rng, &mut staff_names, username, position, role)
    })
    .collect();

    // Teachers, group by group, the head first.
    let mut teachers = Vec::new();
    for (group_index, group) in GROUPS.iter().enumerate() {
        for (slot, fixed) in group.teachers.iter().enumerate() {
            let gender = if rng.gen_bool(0.7) {
                Gender::Female
            } else {
                Gender::Male
            };
            let (family, middle, given) = staff_name(&mut rng, &mut staff_names, gender);
            let username = match fixed {
                Some(u) => u.to_string(),
                None => unique_username(&mut taken_usernames, &family, &middle, &given),
            };
            teachers.push(TeacherDraft {
                group_index,
                slot,
                username,
                family,
                middle,
                given,
                gender,
                is_head: slot == 0,
                homeroom: None,
            });
        }
    }

    // Who teaches what where: `table[class][subject]` is a teacher index.
    let mut table = vec![[usize::MAX; SUBJECTS.len()]; CLASS_COUNT];
    for (group_index, group) in GROUPS.iter().enumerate() {
        for share in group.shares {
            let subject_index = subject_index(share.subject);
            let mut parts: Vec<(usize, usize, usize)> = share.parts.to_vec();
            if share.pinned_first {
                parts[1..].shuffle(&mut rng);
            } else {
                parts.shuffle(&mut rng);
            }
            let bounds: Vec<(usize, usize)> = parts.iter().map(|p| (p.1, p.2)).collect();
            let sizes = random_sizes(&mut rng, &bounds, CLASS_COUNT);
            let mut next_class = 0;
            for (part, size) in parts.iter().zip(sizes) {
                let teacher = teacher_index(&teachers, group_index, part.0);
                for row in table.iter_mut().skip(next_class).take(size) {
                    row[subject_index] = teacher;
                }
                next_class += size;
            }
        }
    }

    // Homeroom teachers: a perfect matching of classes to teachers who teach in them, preferring
    // teachers of the subjects with the most periods. Group heads and `gv.toan` stay out.
    let homeroom_6a1 = teachers
        .iter()
        .position(|t| t.username == USER_HOMEROOM_6A1)
        .expect("gvcn.6a1 is in the plan");
    let mut candidates: Vec<Vec<usize>> = Vec::with_capacity(CLASS_COUNT);
    for (class, row) in table.iter().enumerate() {
        if class == 0 {
            candidates.push(vec![homeroom_6a1]);
            continue;
        }
        let mut weighted: Vec<(usize, u32)> = Vec::new();
        for (subject, &teacher) in row.iter().enumerate() {
            let t = &teachers[teacher];
            if t.is_head || t.username == USER_MATH_TEACHER || teacher == homeroom_6a1 {
                continue;
            }
            let periods = SUBJECTS[subject].3;
            match weighted.iter_mut().find(|(i, _)| *i == teacher) {
                Some(entry) => entry.1 = entry.1.max(periods),
                None => weighted.push((teacher, periods)),
            }
        }
        weighted.shuffle(&mut rng);
        weighted.sort_by_key(|w| std::cmp::Reverse(w.1));
        candidates.push(weighted.into_iter().map(|(t, _)| t).collect());
    }
    let mut owner: Vec<Option<usize>> = vec![None; teachers.len()];
    for class in 0..CLASS_COUNT {
        let mut seen = vec![false; teachers.len()];
        let matched = try_match(class, &candidates, &mut seen, &mut owner);
        assert!(matched, "every class can get a homeroom teacher");
    }
    for (teacher, class) in owner.iter().enumerate() {
        if let Some(class) = class {
            teachers[teacher].homeroom = Some(*class);
        }
    }

    // Students.
    let mut taken_codes = BTreeSet::new();
    let mut classes = Vec::with_capacity(CLASS_COUNT);
    for (class, name) in class_names.iter().enumerate() {
        let grade = class_grade(class);
        let size = rng.gen_range(MIN_CLASS_SIZE..=MAX_CLASS_SIZE);
        let students = (0..size)
            .map(|_| make_student(&mut rng, grade, &mut taken_codes))
            .collect();
        let homeroom_username = teachers
            .iter()
            .find(|t| t.homeroom == Some(class))
            .map(|t| t.username.clone())
            .expect("every class has a homeroom teacher");
        classes.push(DemoClass {
            name: name.clone(),
            grade,
            homeroom_username,
            students,
        });
    }

    let mut assignments = Vec::with_capacity(CLASS_COUNT * SUBJECTS.len());
    for (class, row) in table.iter().enumerate() {
        for (subject, &teacher) in row.iter().enumerate() {
            assignments.push(DemoAssignment {
                class_name: class_names[class].clone(),
                subject_code: SUBJECTS[subject].0,
                teacher_username: teachers[teacher].username.clone(),
            });
        }
    }

    for t in teachers {
        let mut roles = vec![ROLE_SUBJECT_TEACHER];
        if t.homeroom.is_some() {
            roles.push(ROLE_HOMEROOM_TEACHER);
        }
        if t.is_head {
            roles.push(ROLE_GROUP_HEAD);
        }
        let position = if t.is_head {
            "Tổ trưởng chuyên môn"
        } else {
            "Giáo viên"
        };
        let phone = phone_number(&mut rng);
        staff.push(DemoStaff {
            email: format!("{}@{EMAIL_DOMAIN}", t.username),
            username: t.username,
            family_name: t.family,
            middle_name: t.middle,
            given_name: t.given,
            gender: t.gender,
            position: position.to_string(),
            roles,
            phone,
        });
    }

    DemoSchool {
        code: SCHOOL_CODE.to_string(),
        name: SCHOOL_NAME.to_string(),
        district: SCHOOL_DISTRICT.to_string(),
        province: SCHOOL_PROVINCE.to_string(),
        address: SCHOOL_ADDRESS.to_string(),
        school_year: DemoYear {
            name: "2026-2027".to_string(),
            start: (2026, 9, 5),
            end: (2027, 5, 31),
            semester1: ((2026, 9, 5), (2027, 1, 16)),
            semester2: ((2027, 1, 18), (2027, 5, 31)),
        },
        subject_groups,
        subjects,
        staff,
        classes,
        assignments,
    }
}

struct TeacherDraft {
    group_index: usize,
    slot: usize,
    username: String,
    family: String,
    middle: String,
    given: String,
    gender: Gender,
    is_head: bool,
    homeroom: Option<usize>,
}

fn class_grade(class: usize) -> u8 {
    GRADES[class / CLASSES_PER_GRADE]
}

fn subject_index(code: &str) -> usize {
    SUBJECTS
        .iter()
        .position(|s| s.0 == code)
        .expect("a subject of the plan")
}

fn teacher_index(teachers: &[TeacherDraft], group_index: usize, slot: usize) -> usize {
    teachers
        .iter()
        .position(|t| t.group_index == group_index && t.slot == slot)
        .expect("a teacher slot of the plan")
}

/// Random part sizes within `bounds` (min, max) that add up to `total`.
fn random_sizes(rng: &mut StdRng, bounds: &[(usize, usize)], total: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> = bounds.iter().map(|b| b.0).collect();
    let mut left = total - sizes.iter().sum::<usize>();
    while left > 0 {
        let open: Vec<usize> = (0..bounds.len())
            .filter(|&i| sizes[i] < bounds[i].1)
            .collect();
        let i = *open.choose(rng).expect("the bounds can hold every class");
        sizes[i] += 1;
        left -= 1;
    }
    sizes
}

/// Kuhn's augmenting path step for the homeroom matching.
fn try_match(
    class: usize,
    candidates: &[Vec<usize>],
    seen: &mut [bool],
    owner: &mut [Option<usize>],
) -> bool {
    for &teacher in &candidates[class] {
        if seen[teacher] {
            continue;
        }
        seen[teacher] = true;
        let free = match owner[teacher] {
            None => true,
            Some(other) => try_match(other, candidates, seen, owner),
        };
        if free {
            owner[teacher] = Some(class);
            return true;
        }
    }
    false
}

fn office_staff(
    rng: &mut StdRng,
    staff_names: &mut BTreeSet<String>,
    username: &str,
    position: &str,
    role: &'static str,
) -> DemoStaff {
    let gender = if rng.gen_bool(0.55) {
        Gender::Female
    } else {
        Gender::Male
    };
    let (family, middle, given) = staff_name(rng, staff_names, gender);
    DemoStaff {
        username: username.to_string(),
        family_name: family,
        middle_name: middle,
        given_name: given,
        gender,
        position: position.to_string(),
        roles: vec![role],
        email: format!("{username}@{EMAIL_DOMAIN}"),
        phone: phone_number(rng),
    }
}

/// An adult name not yet used by another staff member.
fn staff_name(
    rng: &mut StdRng,
    staff_names: &mut BTreeSet<String>,
    gender: Gender,
) -> (String, String, String) {
    loop {
        let (family, middle, given) = adult_name(rng, gender, None);
        if staff_names.insert(join_name(&family, &middle, &given)) {
            return (family, middle, given);
        }
    }
}

fn make_student(rng: &mut StdRng, grade: u8, taken_codes: &mut BTreeSet<String>) -> DemoStudent {
    let code = loop {
        let code = format!("{PROVINCE_CODE}{:08}", rng.gen_range(0..100_000_000u32));
        if taken_codes.insert(code.clone()) {
            break code;
        }
    };
    let gender = if rng.gen_bool(0.5) {
        Gender::Male
    } else {
        Gender::Female
    };
    let ethnicity = weighted(rng, ETHNICITIES);
    let (family, middle, given) = student_name(rng, gender, ethnicity);

    // Grade 6 in 2026-2027 is born in 2015; a few pupils are a year older.
    let mut year = 2015 - (i32::from(grade) - 6);
    if rng.gen_bool(0.04) {
        year -= 1;
    }
    let month = rng.gen_range(1..=12);
    let day = rng.gen_range(1..=days_in_month(year, month));

    let place_of_birth = birthplace(rng, ethnicity).to_string();
    let address = home_address(rng, ethnicity);
    let guardians = make_guardians(rng, &family, ethnicity);

    DemoStudent {
        code,
        family_name: family,
        middle_name: middle,
        given_name: given,
        gender,
        date_of_birth: (year, month, day),
        ethnicity: ethnicity.to_string(),
        place_of_birth,
        address,
        guardians,
    }
}

fn family_names_of(ethnicity: &str) -> &'static [(&'static str, u32)] {
    match ethnicity {
        "Hoa" => HOA_FAMILY_NAMES,
        "Khmer" => KHMER_FAMILY_NAMES,
        "Tày" => TAY_FAMILY_NAMES,
        "Mường" => MUONG_FAMILY_NAMES,
        "Thái" => THAI_FAMILY_NAMES,
        _ => KINH_FAMILY_NAMES,
    }
}

fn student_name(rng: &mut StdRng, gender: Gender, ethnicity: &str) -> (String, String, String) {
    let family = weighted(rng, family_names_of(ethnicity));
    let (singles, doubles, tricky, plain) = match gender {
        Gender::Male => (
            BOY_MIDDLE_NAMES,
            BOY_DOUBLE_MIDDLE_NAMES,
            BOY_TRICKY_GIVEN_NAMES,
            BOY_PLAIN_GIVEN_NAMES,
        ),
        Gender::Female => (
            GIRL_MIDDLE_NAMES,
            GIRL_DOUBLE_MIDDLE_NAMES,
            GIRL_TRICKY_GIVEN_NAMES,
            GIRL_PLAIN_GIVEN_NAMES,
        ),
    };
    let roll = rng.gen_range(0..100);
    let middle = if roll < 3 {
        ""
    } else if roll < 15 {
        // Two middle words, e.g. "Nguyễn Ngọc Bảo Anh"; never "Lê Lê Minh …".
        loop {
            let m = *doubles.choose(rng).expect("non-empty");
            if m.split(' ').next() != Some(family) {
                break m;
            }
        }
    } else {
        weighted(rng, singles)
    };
    let given = loop {
        let pool = if rng.gen_bool(2.0 / 3.0) {
            tricky
        } else {
            plain
        };
        let g = *pool.choose(rng).expect("non-empty");
        if middle.rsplit(' ').next() != Some(g) {
            break g;
        }
    };
    (family.to_string(), middle.to_string(), given.to_string())
}

/// An adult's name; `family` forces the family name (a father shares the child's).
fn adult_name(rng: &mut StdRng, gender: Gender, family: Option<&str>) -> (String, String, String) {
    let family = family.unwrap_or_else(|| weighted(rng, KINH_FAMILY_NAMES));
    let (middles, givens) = match gender {
        Gender::Male => (MAN_MIDDLE_NAMES, MAN_GIVEN_NAMES),
        Gender::Female => (WOMAN_MIDDLE_NAMES, WOMAN_GIVEN_NAMES),
    };
    let middle = weighted(rng, middles);
    let given = loop {
        let g = *givens.choose(rng).expect("non-empty");
        if g != middle {
            break g;
        }
    };
    (family.to_string(), middle.to_string(), given.to_string())
}

fn make_guardians(rng: &mut StdRng, family: &str, ethnicity: &str) -> Vec<DemoGuardian> {
    let father = |rng: &mut StdRng| {
        let (f, m, g) = adult_name(rng, Gender::Male, Some(family));
        guardian(rng, join_name(&f, &m, &g), "Cha", OCCUPATIONS)
    };
    let mother = |rng: &mut StdRng| {
        let mother_family = weighted(rng, family_names_of(ethnicity));
        let (f, m, g) = adult_name(rng, Gender::Female, Some(mother_family));
        let occupations = if rng.gen_bool(0.12) {
            &[("Nội trợ", 1)][..]
        } else {
            OCCUPATIONS
        };
        guardian(rng, join_name(&f, &m, &g), "Mẹ", occupations)
    };
    let roll = rng.gen_range(0..100);
    match roll {
        0..=69 => vec![father(rng), mother(rng)],
        70..=81 => vec![mother(rng)],
        82..=89 => vec![father(rng)],
        90..=94 => {
            // Raised by the paternal grandparents.
            let (f, m, g) = adult_name(rng, Gender::Male, Some(family));
            let grandfather = guardian(rng, join_name(&f, &m, &g), "Ông", GRANDPARENT_OCCUPATIONS);
            let (f, m, g) = adult_name(rng, Gender::Female, None);
            let grandmother = guardian(rng, join_name(&f, &m, &g), "Bà", GRANDPARENT_OCCUPATIONS);
            if rng.gen_bool(0.5) {
                vec![grandmother, grandfather]
            } else if rng.gen_bool(0.5) {
                vec![grandmother]
            } else {
                vec![grandfather]
            }
        }
        _ => {
            let gender = if rng.gen_bool(0.5) {
                Gender::Male
            } else {
                Gender::Female
            };
            let (f, m, g) = adult_name(rng, gender, None);
            vec![guardian(
                rng,
                join_name(&f, &m, &g),
                "Người giám hộ",
                OCCUPATIONS,
            )]
        }
    }
}

fn guardian(
    rng: &mut StdRng,
    full_name: String,
    relationship: &str,
    occupations: &[(&'static str, u32)],
) -> DemoGuardian {
    DemoGuardian {
        full_name,
        relationship: relationship.to_string(),
        phone: phone_number(rng),
        occupation: weighted(rng, occupations).to_string(),
    }
}

fn birthplace(rng: &mut StdRng, ethnicity: &str) -> &'static str {
    let (local_share, elsewhere): (f64, &[&'static str]) = match ethnicity {
        "Hoa" => (0.95, &["Thành phố Hà Nội", "Đồng Nai"]),
        "Khmer" => (0.4, &["Sóc Trăng", "Trà Vinh", "Kiên Giang"]),
        "Tày" => (0.3, &["Cao Bằng", "Lạng Sơn", "Bắc Kạn"]),
        "Mường" => (0.3, &["Hòa Bình", "Thanh Hóa", "Phú Thọ"]),
        "Thái" => (0.3, &["Sơn La", "Điện Biên", "Nghệ An"]),
        _ => (0.8, KINH_OTHER_BIRTHPLACES),
    };
    if rng.gen_bool(local_share) {
        HCMC
    } else {
        elsewhere.choose(rng).expect("non-empty")
    }
}

fn home_address(rng: &mut StdRng, ethnicity: &str) -> String {
    let district = if ethnicity == "Hoa" && rng.gen_bool(0.5) {
        &HOME_DISTRICTS[3]
    } else {
        let weights: Vec<(usize, u32)> = HOME_DISTRICTS
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.1))
            .collect();
        &HOME_DISTRICTS[weighted(rng, &weights)]
    };
    let (district_name, _, wards, streets) = *district;
    let ward = wards.choose(rng).expect("non-empty");
    let street = streets.choose(rng).expect("non-empty");
    let number = rng.gen_range(1..=320);
    let house = match rng.gen_range(0..10) {
        0..=5 => number.to_string(),
        6..=8 => format!("{number}/{}", rng.gen_range(1..=40)),
        _ => format!(
            "{number}/{}/{}",
            rng.gen_range(1..=30),
            rng.gen_range(1..=20)
        ),
    };
    format!("{house} {street}, {ward}, {district_name}, {HCMC}")
}

fn phone_number(rng: &mut StdRng) -> String {
    let prefix = MOBILE_PREFIXES.choose(rng).expect("non-empty");
    format!("{prefix}{:07}", rng.gen_range(0..10_000_000u32))
}

fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut pick = rng.gen_range(0..total);
    for &(item, weight) in items {
        if pick < weight {
            return item;
        }
        pick -= weight;
    }
    unreachable!("pick is below the total weight")
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn join_name(family: &str, middle: &str, given: &str) -> String {
    [family, middle, given]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A teacher's username: the given name, then the initials of the family name and of each
/// middle word, without diacritics ("Nguyễn Thị Lan" → "lannt"), with a number suffix when taken.
fn unique_username(
    taken: &mut BTreeSet<String>,
    family: &str,
    middle: &str,
    given: &str,
) -> String {
    let mut base = ascii_fold(given);
    for word in family.split_whitespace().chain(middle.split_whitespace()) {
        if let Some(initial) = ascii_fold(word).chars().next() {
            base.push(initial);
        }
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    candidate
}

/// Lowercase ASCII without Vietnamese diacritics; đ becomes d; other characters are dropped.
fn ascii_fold(s: &str) -> String {
    const FOLDS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                return Some(c);
            }
            FOLDS
                .iter()
                .find(|(accented, _)| accented.contains(c))
                .map(|&(_, plain)| plain)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use unicode_normalization::{is_nfc, UnicodeNormalization};

    const SEEDS: [u64; 6] = [0, 1, 2, 42, 2026, 0xDEAD_BEEF];

    fn schools() -> Vec<DemoSchool> {
        SEEDS.iter().map(|&s| generate(s)).collect()
    }

    fn staff<'a>(school: &'a DemoSchool, username: &str) -> &'a DemoStaff {
        school
            .staff
            .iter()
            .find(|s| s.username == username)
            .unwrap_or_else(|| panic!("{username} exists"))
    }

    fn teacher_of<'a>(school: &'a DemoSchool, class: &str, subject: &str) -> &'a str {
        &school
            .assignments
            .iter()
            .find(|a| a.class_name == class && a.subject_code == subject)
            .expect("assigned")
            .teacher_username
    }

    #[test]
    fn there_are_twelve_classes_grades_6_to_9() {
        for school in schools() {
            let names: Vec<&str> = school.classes.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(
                names,
                [
                    "6A1", "6A2", "6A3", "7A1", "7A2", "7A3", "8A1", "8A2", "8A3", "9A1", "9A2",
                    "9A3"
                ]
            );
            for class in &school.classes {
                assert_eq!(class.name[..1], class.grade.to_string());
            }
        }
    }

    #[test]
    fn every_class_has_between_35_and_45_students() {
        for school in schools() {
            for class in &school.classes {
                assert!(
                    (35..=45).contains(&class.students.len()),
                    "{} has {}",
                    class.name,
                    class.students.len()
                );
            }
            let sizes: BTreeSet<usize> = school.classes.iter().map(|c| c.students.len()).collect();
            assert!(sizes.len() > 1, "class sizes vary");
        }
    }

    #[test]
    fn student_codes_are_unique_and_ten_digits() {
        for school in schools() {
            let mut codes = BTreeSet::new();
            for student in school.classes.iter().flat_map(|c| &c.students) {
                assert_eq!(student.code.len(), 10);
                assert!(student.code.starts_with("79"));
                assert!(student.code.chars().all(|c| c.is_ascii_digit()));
                assert!(codes.insert(student.code.clone()), "{} twice", student.code);
            }
        }
    }

    #[test]
    fn every_class_subject_pair_has_exactly_one_teacher() {
        for school in schools() {
            let mut pairs = BTreeMap::new();
            for a in &school.assignments {
                *pairs
                    .entry((a.class_name.clone(), a.subject_code))
                    .or_insert(0) += 1;
            }
            assert_eq!(pairs.len(), 12 * 12);
            for class in &school.classes {
                for subject in &school.subjects {
                    assert_eq!(pairs.get(&(class.name.clone(), subject.code)), Some(&1));
                }
            }
            let usernames: BTreeSet<&str> =
                school.staff.iter().map(|s| s.username.as_str()).collect();
            for a in &school.assignments {
                assert!(usernames.contains(a.teacher_username.as_str()));
            }
        }
    }

    #[test]
    fn teachers_teach_only_their_groups_subjects() {
        for school in schools() {
            // A teacher's group is the group of any subject they teach; all must agree.
            let group_of_subject: BTreeMap<&str, &str> = school
                .subjects
                .iter()
                .map(|s| (s.code, s.group_key))
                .collect();
            let mut group_of_teacher: BTreeMap<&str, &str> = BTreeMap::new();
            for a in &school.assignments {
                let group = group_of_subject[a.subject_code];
                let previous = group_of_teacher.insert(&a.teacher_username, group);
                assert!(previous.is_none() || previous == Some(group));
            }
            // Each group has exactly one head, who teaches in that group.
            for group in &school.subject_groups {
                let heads: Vec<&str> = group_of_teacher
                    .iter()
                    .filter(|(_, g)| **g == group.key)
                    .map(|(t, _)| *t)
                    .filter(|t| staff(&school, t).roles.contains(&"group_head"))
                    .collect();
                assert_eq!(heads.len(), 1, "{}", group.name);
                assert_eq!(staff(&school, heads[0]).position, "Tổ trưởng chuyên môn");
            }
            assert_eq!(group_of_teacher[USER_HEAD_MATH], G_TOAN);
            for s in &school.staff {
                let teaches = group_of_teacher.contains_key(s.username.as_str());
                assert_eq!(
                    teaches,
                    s.roles.contains(&"subject_teacher"),
                    "{}",
                    s.username
                );
            }
        }
    }

    #[test]
    fn teacher_loads_are_realistic() {
        for school in schools() {
            let mut math_classes: BTreeMap<&str, usize> = BTreeMap::new();
            let mut weekly: BTreeMap<&str, u32> = BTreeMap::new();
            for a in &school.assignments {
                let subject = school.subjects.iter().find(|s| s.code == a.subject_code);
                *weekly.entry(&a.teacher_username).or_default() +=
                    subject.expect("assigned subject exists").periods_per_year / 35;
                if a.subject_code == "TOAN" {
                    *math_classes.entry(&a.teacher_username).or_default() += 1;
                }
            }
            assert!(math_classes.values().all(|n| (2..=5).contains(n)));
            assert!(weekly.values().all(|p| (8..=24).contains(p)), "{weekly:?}");
        }
    }

    #[test]
    fn the_fixed_demo_usernames_exist_with_their_roles() {
        for school in schools() {
            assert_eq!(staff(&school, "hieutruong").roles, ["principal"]);
            assert_eq!(staff(&school, "hieutruong").position, "Hiệu trưởng");
            assert_eq!(staff(&school, "phohieutruong").roles, ["principal"]);
            assert_eq!(staff(&school, "phohieutruong").position, "Phó Hiệu trưởng");
            assert_eq!(staff(&school, "admin").roles, ["admin"]);
            assert_eq!(staff(&school, "bientap").roles, ["editor"]);

            let head = staff(&school, "totruong.toan");
            assert!(head.roles.contains(&"group_head"));
            assert!(head.roles.contains(&"subject_teacher"));
            assert_eq!(head.position, "Tổ trưởng chuyên môn");

            let math = staff(&school, "gv.toan");
            assert_eq!(math.roles, ["subject_teacher"]);
            assert_eq!(math.position, "Giáo viên");
            assert_eq!(teacher_of(&school, "6A1", "TOAN"), "gv.toan");

            let homeroom = staff(&school, "gvcn.6a1");
            assert!(homeroom.roles.contains(&"homeroom_teacher"));
            assert!(homeroom.roles.contains(&"subject_teacher"));
            assert_eq!(school.classes[0].homeroom_username, "gvcn.6a1");
            assert_eq!(teacher_of(&school, "6A1", "NV"), "gvcn.6a1");

            assert_eq!(math.email, "gv.toan@thcsnguyendu.edu.vn");
            assert!((26..=30).contains(&school.staff.len()));
            let names: BTreeSet<String> = school.staff.iter().map(|s| s.full_name()).collect();
            assert_eq!(names.len(), school.staff.len(), "staff names are distinct");
        }
    }

    #[test]
    fn usernames_are_unique_lowercase_ascii() {
        for school in schools() {
            let mut seen = BTreeSet::new();
            for s in &school.staff {
                assert!(!s.username.is_empty());
                assert!(
                    s.username
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.'),
                    "{}",
                    s.username
                );
                assert!(seen.insert(s.username.clone()), "{} twice", s.username);
                assert_eq!(s.email, format!("{}@thcsnguyendu.edu.vn", s.username));
            }
        }
    }

    #[test]
    fn usernames_fold_vietnamese_names() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_username(&mut taken, "Nguyễn", "Thị", "Lan"), "lannt");
        assert_eq!(
            unique_username(&mut taken, "Nguyễn", "Thị", "Lan"),
            "lannt2"
        );
        assert_eq!(
            unique_username(&mut taken, "Nguyễn", "Thị", "Lan"),
            "lannt3"
        );
        assert_eq!(unique_username(&mut taken, "Đặng", "Văn", "Đức"), "ducdv");
        assert_eq!(
            unique_username(&mut taken, "Nguyễn", "Ngọc Bảo", "Ánh"),
            "anhnnb"
        );
        assert_eq!(unique_username(&mut taken, "Ưng", "", "Ấn"), "anu");
        assert_eq!(ascii_fold("ĐẶNG Ưỡc ỹ"), "danguocy");
    }

    #[test]
    fn the_same_seed_gives_the_same_school() {
        assert_eq!(generate(7), generate(7));
        assert_eq!(
            format!("{:?}", generate(2026)),
            format!("{:?}", generate(2026))
        );
    }

    #[test]
    fn different_seeds_give_different_schools() {
        let a = generate(1);
        let b = generate(2);
        assert_ne!(a, b);
        assert_ne!(a.classes[0].students, b.classes[0].students);
    }

    #[test]
    fn names_are_nfc() {
        for school in schools() {
            let mut texts: Vec<String> = vec![
                school.name.clone(),
                school.district.clone(),
                school.province.clone(),
                school.address.clone(),
            ];
            texts.extend(school.subjects.iter().map(|s| s.name.clone()));
            texts.extend(school.subject_groups.iter().map(|g| g.name.clone()));
            for s in &school.staff {
                texts.extend([s.full_name(), s.position.clone()]);
            }
            for st in school.classes.iter().flat_map(|c| &c.students) {
                texts.extend([
                    st.full_name(),
                    st.ethnicity.clone(),
                    st.place_of_birth.clone(),
                    st.address.clone(),
                ]);
                for g in &st.guardians {
                    texts.extend([
                        g.full_name.clone(),
                        g.relationship.clone(),
                        g.occupation.clone(),
                    ]);
                }
            }
            for text in texts {
                assert!(is_nfc(&text), "{text:?} is not NFC");
                assert_eq!(text.nfc().collect::<String>(), text);
                assert_eq!(text.trim(), text);
                assert!(!text.contains("  "), "{text:?}");
            }
        }
    }

    #[test]
    fn full_names_skip_an_empty_middle_name() {
        let school = generate(3);
        let mut student = school.classes[0].students[0].clone();
        student.family_name = "Nguyễn".into();
        student.middle_name = "Văn".into();
        student.given_name = "An".into();
        assert_eq!(student.full_name(), "Nguyễn Văn An");
        student.middle_name.clear();
        assert_eq!(student.full_name(), "Nguyễn An");
        student.middle_name = "Ngọc Bảo".into();
        student.given_name = "Anh".into();
        assert_eq!(student.full_name(), "Nguyễn Ngọc Bảo Anh");
        let mut teacher = school.staff[0].clone();
        teacher.family_name = "Trần".into();
        teacher.middle_name = "Thị".into();
        teacher.given_name = "Hà".into();
        assert_eq!(teacher.full_name(), "Trần Thị Hà");
    }

    #[test]
    fn names_look_like_a_real_school() {
        let school = generate(11);
        let students: Vec<&DemoStudent> = school.classes.iter().flat_map(|c| &c.students).collect();
        let n = students.len() as f64;
        let share =
            |f: &dyn Fn(&DemoStudent) -> bool| students.iter().filter(|s| f(s)).count() as f64 / n;
        let nguyen = share(&|s| s.family_name == "Nguyễn");
        assert!((0.28..0.48).contains(&nguyen), "Nguyễn {nguyen}");
        let boys = share(&|s| s.gender == Gender::Male);
        assert!((0.4..0.6).contains(&boys), "boys {boys}");
        let kinh = share(&|s| s.ethnicity == "Kinh");
        assert!((0.85..0.99).contains(&kinh), "Kinh {kinh}");
        assert!(share(&|s| s.middle_name.contains(' ')) > 0.03);
        assert!(share(&|s| s.middle_name.is_empty()) > 0.0);
        let sorty = share(&|s| {
            let g = &s.given_name;
            ["An", "Anh", "Ân", "Ánh", "Âu"].contains(&g.as_str())
                || g.starts_with('Đ')
                || g.contains(['ă', 'â', 'ư', 'ằ', 'ắ', 'ấ', 'ầ', 'ậ', 'ẫ', 'ừ', 'ứ'])
        });
        assert!(sorty > 0.2, "sort-interesting names {sorty}");
        let given: BTreeSet<&str> = students.iter().map(|s| s.given_name.as_str()).collect();
        assert!(given.len() > 40, "enough variety");
    }

    #[test]
    fn birth_dates_are_valid_and_match_the_grade() {
        for school in schools() {
            for class in &school.classes {
                let expected = 2015 - (i32::from(class.grade) - 6);
                for s in &class.students {
                    let (y, m, d) = s.date_of_birth;
                    assert!(y == expected || y == expected - 1, "{y} in {}", class.name);
                    assert!((1..=12).contains(&m));
                    assert!(d >= 1 && d <= days_in_month(y, m));
                }
            }
        }
        assert_eq!(days_in_month(2012, 2), 29);
        assert_eq!(days_in_month(2015, 2), 28);
    }

    #[test]
    fn guardians_are_one_or_two_and_fathers_share_the_family_name() {
        let valid_prefix = |p: &str| {
            p.len() == 10
                && p.chars().all(|c| c.is_ascii_digit())
                && ["09", "03", "07", "08"].contains(&&p[..2])
        };
        for school in schools() {
            for s in school.classes.iter().flat_map(|c| &c.students) {
                assert!((1..=2).contains(&s.guardians.len()));
                for g in &s.guardians {
                    assert!(valid_prefix(&g.phone), "{}", g.phone);
                    assert!(["Cha", "Mẹ", "Ông", "Bà", "Người giám hộ"]
                        .contains(&g.relationship.as_str()));
                    if g.relationship == "Cha" || g.relationship == "Ông" {
                        let family = g.full_name.split(' ').next().expect("a family name");
                        assert_eq!(family, s.family_name);
                    }
                    assert!(!g.occupation.is_empty());
                }
            }
            for s in &school.staff {
                assert!(valid_prefix(&s.phone), "{}", s.phone);
            }
        }
    }

    #[test]
    fn subjects_follow_circular_22() {
        let school = generate(0);
        let expected = [
            ("NV", 140, AssessmentKind::Scored),
            ("TOAN", 140, AssessmentKind::Scored),
            ("NN1", 105, AssessmentKind::Scored),
            ("GDCD", 35, AssessmentKind::Scored),
            ("LSDL", 105, AssessmentKind::Scored),
            ("KHTN", 140, AssessmentKind::Scored),
            ("CN", 35, AssessmentKind::Scored),
            ("TIN", 35, AssessmentKind::Scored),
            ("GDTC", 70, AssessmentKind::Comment),
            ("NT", 70, AssessmentKind::Comment),
            ("HDTN", 105, AssessmentKind::Comment),
            ("GDDP", 35, AssessmentKind::Comment),
        ];
        let actual: Vec<_> = school
            .subjects
            .iter()
            .map(|s| (s.code, s.periods_per_year, s.kind))
            .collect();
        assert_eq!(actual, expected);
        let keys: BTreeSet<&str> = school.subject_groups.iter().map(|g| g.key).collect();
        assert_eq!(keys.len(), 6);
        assert!(school.subjects.iter().all(|s| keys.contains(s.group_key)));
        assert_eq!(school.school_year.name, "2026-2027");
        assert_eq!(school.school_year.semester1, ((2026, 9, 5), (2027, 1, 16)));
        assert_eq!(school.school_year.semester2, ((2027, 1, 18), (2027, 5, 31)));
    }

    #[test]
    fn every_homeroom_teacher_teaches_in_their_class() {
        for seed in 0..64 {
            let school = generate(seed);
            let mut homerooms = BTreeSet::new();
            for class in &school.classes {
                assert!(homerooms.insert(class.homeroom_username.clone()));
                assert!(
                    school.assignments.iter().any(|a| a.class_name == class.name
                        && a.teacher_username == class.homeroom_username),
                    "seed {seed}: {} does not teach in {}",
                    class.homeroom_username,
                    class.name
                );
                let teacher = staff(&school, &class.homeroom_username);
                assert!(teacher.roles.contains(&"homeroom_teacher"));
            }
            let with_role = school
                .staff
                .iter()
                .filter(|s| s.roles.contains(&"homeroom_teacher"))
                .count();
            assert_eq!(with_role, 12);
        }
    }
}
