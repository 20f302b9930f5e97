*SENSE:Minimize
NAME          savings_portfolio
ROWS
 N  OBJ
 L  exclusive_asc_transformation
 L  requires_csc_residential_step_down
 L  reserves_limit_earmarked_reserves_draw_2025_26
 L  reserves_limit_earmarked_reserves_draw_2026_27
 L  referendum_cap_2025_26
 L  referendum_cap_2026_27
 L  referendum_cap_2027_28
 L  referendum_cap_2028_29
 E  common_to_every_path_2024_25
 E  common_to_every_path_2025_26
 E  common_to_every_path_2026_27
 E  common_to_every_path_2027_28
 E  common_to_every_path_2028_29
 G  floor_p0_2024_25
 G  floor_p0_2025_26
 G  floor_p0_2026_27
 G  floor_p0_2027_28
 G  floor_p0_2028_29
 G  floor_p1_2025_26
 G  floor_p1_2026_27
 G  floor_p1_2027_28
 G  floor_p1_2028_29
 G  floor_p2_2025_26
 G  floor_p2_2026_27
 G  floor_p2_2027_28
 G  floor_p2_2028_29
 G  floor_p3_2024_25
 G  floor_p3_2025_26
 G  floor_p3_2026_27
 G  floor_p3_2027_28
 G  floor_p3_2028_29
 G  floor_p4_2025_26
 G  floor_p4_2026_27
 G  floor_p4_2027_28
 G  floor_p4_2028_29
 G  floor_p5_2025_26
 G  floor_p5_2026_27
 G  floor_p5_2027_28
 G  floor_p5_2028_29
 G  floor_p6_2025_26
 G  floor_p6_2026_27
 G  floor_p6_2027_28
 G  floor_p6_2028_29
 G  floor_p7_2025_26
 G  floor_p7_2026_27
 G  floor_p7_2027_28
 G  floor_p7_2028_29
 G  floor_p8_2024_25
 G  floor_p8_2025_26
 G  floor_p8_2026_27
 G  floor_p8_2027_28
 G  floor_p8_2028_29
 G  floor_p9_2025_26
 G  floor_p9_2026_27
 G  floor_p9_2027_28
 G  floor_p9_2028_29
 G  floor_p10_2025_26
 G  floor_p10_2026_27
 G  floor_p10_2027_28
 G  floor_p10_2028_29
 G  floor_p11_2025_26
 G  floor_p11_2026_27
 G  floor_p11_2027_28
 G  floor_p11_2028_29
 G  floor_p12_2025_26
 G  floor_p12_2026_27
 G  floor_p12_2027_28
 G  floor_p12_2028_29
 G  floor_p13_2025_26
 G  floor_p13_2026_27
 G  floor_p13_2027_28
 G  floor_p13_2028_29
 G  floor_p14_2024_25
 G  floor_p14_2025_26
 G  floor_p14_2026_27
 G  floor_p14_2027_28
 G  floor_p14_2028_29
 G  floor_p15_2025_26
 G  floor_p15_2026_27
 G  floor_p15_2027_28
 G  floor_p15_2028_29
 G  floor_p16_2025_26
 G  floor_p16_2026_27
 G  floor_p16_2027_28
 G  floor_p16_2028_29
 G  floor_p17_2025_26
 G  floor_p17_2026_27
 G  floor_p17_2027_28
 G  floor_p17_2028_29
 G  floor_p18_2025_26
 G  floor_p18_2026_27
 G  floor_p18_2027_28
 G  floor_p18_2028_29
 G  floor_p19_2025_26
 G  floor_p19_2026_27
 G  floor_p19_2027_28
 G  floor_p19_2028_29
 G  floor_p20_2024_25
 G  floor_p20_2025_26
 G  floor_p20_2026_27
 G  floor_p20_2027_28
 G  floor_p20_2028_29
 G  floor_p21_2025_26
 G  floor_p21_2026_27
 G  floor_p21_2027_28
 G  floor_p21_2028_29
 G  floor_p22_2024_25
 G  floor_p22_2025_26
 G  floor_p22_2026_27
 G  floor_p22_2027_28
 G  floor_p22_2028_29
 G  floor_p23_2025_26
 G  floor_p23_2026_27
 G  floor_p23_2027_28
 G  floor_p23_2028_29
 G  floor_p24_2025_26
 G  floor_p24_2026_27
 G  floor_p24_2027_28
 G  floor_p24_2028_29
 G  floor_p25_2024_25
 G  floor_p25_2025_26
 G  floor_p25_2026_27
 G  floor_p25_2027_28
 G  floor_p25_2028_29
 G  floor_p26_2025_26
 G  floor_p26_2026_27
 G  floor_p26_2027_28
 G  floor_p26_2028_29
 G  floor_p27_2025_26
 G  floor_p27_2026_27
 G  floor_p27_2027_28
 G  floor_p27_2028_29
 G  floor_p28_2025_26
 G  floor_p28_2026_27
 G  floor_p28_2027_28
 G  floor_p28_2028_29
 G  floor_p29_2025_26
 G  floor_p29_2026_27
 G  floor_p29_2027_28
 G  floor_p29_2028_29
 G  floor_p30_2025_26
 G  floor_p30_2026_27
 G  floor_p30_2027_28
 G  floor_p30_2028_29
 G  floor_p31_2025_26
 G  floor_p31_2026_27
 G  floor_p31_2027_28
 G  floor_p31_2028_29
 G  floor_p32_2025_26
 G  floor_p32_2026_27
 G  floor_p32_2027_28
 G  floor_p32_2028_29
 G  floor_p33_2025_26
 G  floor_p33_2026_27
 G  floor_p33_2027_28
 G  floor_p33_2028_29
 G  floor_p34_2025_26
 G  floor_p34_2026_27
 G  floor_p34_2027_28
 G  floor_p34_2028_29
 G  floor_p35_2025_26
 G  floor_p35_2026_27
 G  floor_p35_2027_28
 G  floor_p35_2028_29
 G  floor_p36_2025_26
 G  floor_p36_2026_27
 G  floor_p36_2027_28
 G  floor_p36_2028_29
 G  floor_p37_2025_26
 G  floor_p37_2026_27
 G  floor_p37_2027_28
 G  floor_p37_2028_29
 G  floor_p38_2025_26
 G  floor_p38_2026_27
 G  floor_p38_2027_28
 G  floor_p38_2028_29
 G  floor_p39_2025_26
 G  floor_p39_2026_27
 G  floor_p39_2027_28
 G  floor_p39_2028_29
 G  floor_p40_2025_26
 G  floor_p40_2026_27
 G  floor_p40_2027_28
 G  floor_p40_2028_29
 G  floor_p41_2025_26
 G  floor_p41_2026_27
 G  floor_p41_2027_28
 G  floor_p41_2028_29
 G  floor_p42_2025_26
 G  floor_p42_2026_27
 G  floor_p42_2027_28
 G  floor_p42_2028_29
 G  floor_p43_2024_25
 G  floor_p43_2025_26
 G  floor_p43_2026_27
 G  floor_p43_2027_28
 G  floor_p43_2028_29
 G  floor_p44_2024_25
 G  floor_p44_2025_26
 G  floor_p44_2026_27
 G  floor_p44_2027_28
 G  floor_p44_2028_29
 G  floor_p45_2025_26
 G  floor_p45_2026_27
 G  floor_p45_2027_28
 G  floor_p45_2028_29
 G  floor_p46_2024_25
 G  floor_p46_2025_26
 G  floor_p46_2026_27
 G  floor_p46_2027_28
 G  floor_p46_2028_29
 G  floor_p47_2025_26
 G  floor_p47_2026_27
 G  floor_p47_2027_28
 G  floor_p47_2028_29
 G  floor_p48_2025_26
 G  floor_p48_2026_27
 G  floor_p48_2027_28
 G  floor_p48_2028_29
 G  floor_p49_2024_25
 G  floor_p49_2025_26
 G  floor_p49_2026_27
 G  floor_p49_2027_28
 G  floor_p49_2028_29
 L  dominance_p1_over_p14
 L  dominance_p1_over_p22
 L  dominance_p1_over_p28
 L  dominance_p1_over_p42
 L  dominance_p1_over_p45
 L  dominance_p1_over_p46
 L  dominance_p1_over_p49
 L  dominance_p2_over_p8
 L  dominance_p2_over_p11
 L  dominance_p2_over_p14
 L  dominance_p2_over_p26
 L  dominance_p2_over_p29
 L  dominance_p2_over_p31
 L  dominance_p2_over_p43
 L  dominance_p2_over_p49
 L  dominance_p6_over_p11
 L  dominance_p6_over_p14
 L  dominance_p6_over_p18
 L  dominance_p6_over_p29
 L  dominance_p6_over_p36
 L  dominance_p6_over_p44
 L  dominance_p6_over_p46
 L  dominance_p9_over_p44
 L  dominance_p13_over_p4
 L  dominance_p13_over_p7
 L  dominance_p13_over_p18
 L  dominance_p13_over_p22
 L  dominance_p13_over_p31
 L  dominance_p13_over_p34
 L  dominance_p13_over_p46
 L  dominance_p16_over_p14
 L  dominance_p16_over_p43
 L  dominance_p17_over_p8
 L  dominance_p17_over_p49
 L  dominance_p19_over_p18
 L  dominance_p19_over_p36
 L  dominance_p23_over_p10
 L  dominance_p27_over_p8
 L  dominance_p27_over_p43
 L  dominance_p28_over_p8
 L  dominance_p28_over_p10
 L  dominance_p28_over_p18
 L  dominance_p28_over_p33
 L  dominance_p28_over_p43
 L  dominance_p30_over_p22
 L  dominance_p30_over_p34
 L  dominance_p30_over_p46
 L  dominance_p33_over_p20
 L  dominance_p35_over_p14
 L  dominance_p35_over_p43
 L  dominance_p36_over_p20
 L  dominance_p36_over_p43
 L  dominance_p39_over_p10
 L  dominance_p39_over_p33
 L  dominance_p45_over_p8
 L  dominance_p45_over_p20
 L  dominance_p47_over_p18
 L  dominance_p47_over_p34
 G  quantile_common_2024_25
 G  star_common_2024_25
 G  quantile_common_2025_26
 G  star_common_2025_26
 G  quantile_common_2026_27
 G  star_common_2026_27
 G  quantile_common_2027_28
 G  star_common_2027_28
 G  quantile_common_2028_29
 G  star_common_2028_29
 G  chance_share
COLUMNS
    common_to_every_path_2024_25  common_to_every_path_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p0_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p3_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p8_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p14_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p20_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p22_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p25_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p43_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p44_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p46_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  floor_p49_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  quantile_common_2024_25   1.000000000000e+00
    common_to_every_path_2024_25  star_common_2024_25   1.000000000000e+00
    common_to_every_path_2025_26  common_to_every_path_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p0_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p1_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p2_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p3_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p4_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p5_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p6_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p7_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p8_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p9_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p10_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p11_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p12_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p13_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p14_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p15_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p16_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p17_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p18_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p19_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p20_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p21_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p22_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p23_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p24_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p25_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p26_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p27_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p28_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p29_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p30_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p31_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p32_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p33_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p34_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p35_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p36_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p37_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p38_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p39_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p40_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p41_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p42_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p43_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p44_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p45_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p46_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p47_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p48_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  floor_p49_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  quantile_common_2025_26   1.000000000000e+00
    common_to_every_path_2025_26  star_common_2025_26   1.000000000000e+00
    common_to_every_path_2026_27  common_to_every_path_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p0_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p1_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p2_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p3_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p4_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p5_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p6_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p7_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p8_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p9_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p10_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p11_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p12_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p13_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p14_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p15_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p16_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p17_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p18_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p19_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p20_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p21_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p22_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p23_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p24_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p25_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p26_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p27_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p28_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p29_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p30_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p31_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p32_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p33_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p34_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p35_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p36_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p37_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p38_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p39_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p40_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p41_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p42_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p43_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p44_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p45_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p46_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p47_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p48_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  floor_p49_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  quantile_common_2026_27   1.000000000000e+00
    common_to_every_path_2026_27  star_common_2026_27   1.000000000000e+00
    common_to_every_path_2027_28  common_to_every_path_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p0_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p1_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p2_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p3_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p4_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p5_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p6_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p7_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p8_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p9_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p10_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p11_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p12_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p13_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p14_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p15_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p16_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p17_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p18_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p19_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p20_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p21_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p22_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p23_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p24_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p25_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p26_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p27_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p28_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p29_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p30_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p31_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p32_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p33_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p34_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p35_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p36_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p37_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p38_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p39_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p40_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p41_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p42_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p43_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p44_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p45_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p46_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p47_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p48_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  floor_p49_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  quantile_common_2027_28   1.000000000000e+00
    common_to_every_path_2027_28  star_common_2027_28   1.000000000000e+00
    common_to_every_path_2028_29  common_to_every_path_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p0_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p1_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p2_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p3_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p4_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p5_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p6_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p7_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p8_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p9_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p10_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p11_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p12_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p13_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p14_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p15_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p16_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p17_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p18_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p19_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p20_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p21_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p22_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p23_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p24_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p25_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p26_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p27_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p28_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p29_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p30_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p31_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p32_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p33_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p34_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p35_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p36_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p37_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p38_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p39_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p40_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p41_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p42_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p43_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p44_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p45_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p46_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p47_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p48_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  floor_p49_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  quantile_common_2028_29   1.000000000000e+00
    common_to_every_path_2028_29  star_common_2028_29   1.000000000000e+00
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_asc_precept_2025_26  referendum_cap_2025_26   2.000000000000e+00
    ct_council_tax_asc_precept_2025_26  common_to_every_path_2025_26  -3.412155900000e+00
    ct_council_tax_asc_precept_2025_26  common_to_every_path_2026_27  -7.012490491807e+00
    ct_council_tax_asc_precept_2025_26  common_to_every_path_2027_28  -1.081138173618e+01
    ct_council_tax_asc_precept_2025_26  common_to_every_path_2028_29  -1.481977993324e+01
    ct_council_tax_asc_precept_2025_26  OBJ        2.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_asc_precept_2026_27  referendum_cap_2026_27   2.000000000000e+00
    ct_council_tax_asc_precept_2026_27  common_to_every_path_2026_27  -3.600334591807e+00
    ct_council_tax_asc_precept_2026_27  common_to_every_path_2027_28  -7.399225836185e+00
    ct_council_tax_asc_precept_2026_27  common_to_every_path_2028_29  -1.140762403324e+01
    ct_council_tax_asc_precept_2026_27  OBJ        2.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_asc_precept_2027_28  referendum_cap_2027_28   2.000000000000e+00
    ct_council_tax_asc_precept_2027_28  common_to_every_path_2027_28  -3.798891244378e+00
    ct_council_tax_asc_precept_2027_28  common_to_every_path_2028_29  -7.807289441438e+00
    ct_council_tax_asc_precept_2027_28  OBJ        2.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_asc_precept_2028_29  referendum_cap_2028_29   2.000000000000e+00
    ct_council_tax_asc_precept_2028_29  common_to_every_path_2028_29  -4.008398197060e+00
    ct_council_tax_asc_precept_2028_29  OBJ        2.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_core_2025_26  referendum_cap_2025_26   2.990000000000e+00
    ct_council_tax_core_2025_26  common_to_every_path_2025_26  -5.101173070500e+00
    ct_council_tax_core_2025_26  common_to_every_path_2026_27  -1.048367328525e+01
    ct_council_tax_core_2025_26  common_to_every_path_2027_28  -1.616301569560e+01
    ct_council_tax_core_2025_26  common_to_every_path_2028_29  -2.215557100020e+01
    ct_council_tax_core_2025_26  OBJ        2.990000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_core_2026_27  referendum_cap_2026_27   2.990000000000e+00
    ct_council_tax_core_2026_27  common_to_every_path_2026_27  -5.382500214752e+00
    ct_council_tax_core_2026_27  common_to_every_path_2027_28  -1.106184262510e+01
    ct_council_tax_core_2026_27  common_to_every_path_2028_29  -1.705439792970e+01
    ct_council_tax_core_2026_27  OBJ        2.990000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_core_2027_28  referendum_cap_2027_28   2.990000000000e+00
    ct_council_tax_core_2027_28  common_to_every_path_2027_28  -5.679342410345e+00
    ct_council_tax_core_2027_28  common_to_every_path_2028_29  -1.167189771495e+01
    ct_council_tax_core_2027_28  OBJ        2.990000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ct_council_tax_core_2028_29  referendum_cap_2028_29   2.990000000000e+00
    ct_council_tax_core_2028_29  common_to_every_path_2028_29  -5.992555304604e+00
    ct_council_tax_core_2028_29  OBJ        2.990000000000e+00
    MARK      'MARKER'                 'INTEND'
    draw_earmarked_reserves_draw_2025_26  reserves_limit_earmarked_reserves_draw_2025_26   1.000000000000e+00
    draw_earmarked_reserves_draw_2025_26  common_to_every_path_2025_26  -1.000000000000e+00
    draw_earmarked_reserves_draw_2025_26  common_to_every_path_2026_27  -1.000000000000e+00
    draw_earmarked_reserves_draw_2025_26  common_to_every_path_2027_28  -1.000000000000e+00
    draw_earmarked_reserves_draw_2025_26  common_to_every_path_2028_29  -1.000000000000e+00
    draw_earmarked_reserves_draw_2025_26  OBJ       -1.000000000000e-03
    draw_earmarked_reserves_draw_2026_27  reserves_limit_earmarked_reserves_draw_2026_27   1.000000000000e+00
    draw_earmarked_reserves_draw_2026_27  common_to_every_path_2026_27  -1.000000000000e+00
    draw_earmarked_reserves_draw_2026_27  common_to_every_path_2027_28  -1.000000000000e+00
    draw_earmarked_reserves_draw_2026_27  common_to_every_path_2028_29  -1.000000000000e+00
    draw_earmarked_reserves_draw_2026_27  OBJ       -1.000000000000e-03
    further_savings_2025_26  common_to_every_path_2025_26  -1.000000000000e+00
    further_savings_2025_26  common_to_every_path_2026_27  -2.000000000000e+00
    further_savings_2025_26  common_to_every_path_2027_28  -3.000000000000e+00
    further_savings_2025_26  common_to_every_path_2028_29  -4.000000000000e+00
    further_savings_2025_26  OBJ        8.000000000000e+00
    further_savings_2026_27  common_to_every_path_2026_27  -1.000000000000e+00
    further_savings_2026_27  common_to_every_path_2027_28  -2.000000000000e+00
    further_savings_2026_27  common_to_every_path_2028_29  -3.000000000000e+00
    further_savings_2026_27  OBJ        6.000000000000e+00
    further_savings_2027_28  common_to_every_path_2027_28  -1.000000000000e+00
    further_savings_2027_28  common_to_every_path_2028_29  -2.000000000000e+00
    further_savings_2027_28  OBJ        4.000000000000e+00
    further_savings_2028_29  common_to_every_path_2028_29  -1.000000000000e+00
    further_savings_2028_29  OBJ        2.000000000000e+00
    MARK      'MARKER'                 'INTORG'
    ok_p0     floor_p0_2024_25  -1.119310192196e+00
    ok_p0     floor_p0_2025_26  -3.534156325120e+01
    ok_p0     floor_p0_2026_27  -8.028374371885e+01
    ok_p0     floor_p0_2027_28  -1.372016680054e+02
    ok_p0     floor_p0_2028_29  -2.133614623479e+02
    ok_p0     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p1     floor_p1_2025_26  -2.611465403341e+01
    ok_p1     floor_p1_2026_27  -6.875401687908e+01
    ok_p1     floor_p1_2027_28  -1.337557708002e+02
    ok_p1     floor_p1_2028_29  -2.205973319757e+02
    ok_p1     dominance_p1_over_p14  -1.000000000000e+00
    ok_p1     dominance_p1_over_p22  -1.000000000000e+00
    ok_p1     dominance_p1_over_p28  -1.000000000000e+00
    ok_p1     dominance_p1_over_p42  -1.000000000000e+00
    ok_p1     dominance_p1_over_p45  -1.000000000000e+00
    ok_p1     dominance_p1_over_p46  -1.000000000000e+00
    ok_p1     dominance_p1_over_p49  -1.000000000000e+00
    ok_p1     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p10    floor_p10_2025_26  -2.896268234994e+01
    ok_p10    floor_p10_2026_27  -7.629693550388e+01
    ok_p10    floor_p10_2027_28  -1.453222900444e+02
    ok_p10    floor_p10_2028_29  -2.324519839654e+02
    ok_p10    dominance_p23_over_p10   1.000000000000e+00
    ok_p10    dominance_p28_over_p10   1.000000000000e+00
    ok_p10    dominance_p39_over_p10   1.000000000000e+00
    ok_p10    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p11    floor_p11_2025_26  -3.345184634365e+01
    ok_p11    floor_p11_2026_27  -8.436381301686e+01
    ok_p11    floor_p11_2027_28  -1.554187676990e+02
    ok_p11    floor_p11_2028_29  -2.509843251765e+02
    ok_p11    dominance_p2_over_p11   1.000000000000e+00
    ok_p11    dominance_p6_over_p11   1.000000000000e+00
    ok_p11    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p12    floor_p12_2025_26  -2.911418952945e+01
    ok_p12    floor_p12_2026_27  -7.734077810878e+01
    ok_p12    floor_p12_2027_28  -1.438809796692e+02
    ok_p12    floor_p12_2028_29  -2.354546290785e+02
    ok_p12    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p13    floor_p13_2025_26  -2.399334112133e+01
    ok_p13    floor_p13_2026_27  -7.085429110942e+01
    ok_p13    floor_p13_2027_28  -1.351219433372e+02
    ok_p13    floor_p13_2028_29  -2.160154656631e+02
    ok_p13    dominance_p13_over_p4  -1.000000000000e+00
    ok_p13    dominance_p13_over_p7  -1.000000000000e+00
    ok_p13    dominance_p13_over_p18  -1.000000000000e+00
    ok_p13    dominance_p13_over_p22  -1.000000000000e+00
    ok_p13    dominance_p13_over_p31  -1.000000000000e+00
    ok_p13    dominance_p13_over_p34  -1.000000000000e+00
    ok_p13    dominance_p13_over_p46  -1.000000000000e+00
    ok_p13    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p14    floor_p14_2024_25  -1.435616218320e-01
    ok_p14    floor_p14_2025_26  -3.215246299560e+01
    ok_p14    floor_p14_2026_27  -7.725161208609e+01
    ok_p14    floor_p14_2027_28  -1.427490486894e+02
    ok_p14    floor_p14_2028_29  -2.390138243313e+02
    ok_p14    dominance_p1_over_p14   1.000000000000e+00
    ok_p14    dominance_p2_over_p14   1.000000000000e+00
    ok_p14    dominance_p6_over_p14   1.000000000000e+00
    ok_p14    dominance_p16_over_p14   1.000000000000e+00
    ok_p14    dominance_p35_over_p14   1.000000000000e+00
    ok_p14    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p15    floor_p15_2025_26  -3.354925335018e+01
    ok_p15    floor_p15_2026_27  -7.503387220081e+01
    ok_p15    floor_p15_2027_28  -1.350020060575e+02
    ok_p15    floor_p15_2028_29  -2.174658505225e+02
    ok_p15    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p16    floor_p16_2025_26  -2.384348375849e+01
    ok_p16    floor_p16_2026_27  -6.877920095229e+01
    ok_p16    floor_p16_2027_28  -1.289603022953e+02
    ok_p16    floor_p16_2028_29  -2.082963460270e+02
    ok_p16    dominance_p16_over_p14  -1.000000000000e+00
    ok_p16    dominance_p16_over_p43  -1.000000000000e+00
    ok_p16    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p17    floor_p17_2025_26  -2.034864210805e+01
    ok_p17    floor_p17_2026_27  -6.085037839038e+01
    ok_p17    floor_p17_2027_28  -1.187015699517e+02
    ok_p17    floor_p17_2028_29  -1.940342836488e+02
    ok_p17    dominance_p17_over_p8  -1.000000000000e+00
    ok_p17    dominance_p17_over_p49  -1.000000000000e+00
    ok_p17    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p18    floor_p18_2025_26  -2.898851863652e+01
    ok_p18    floor_p18_2026_27  -7.632872214076e+01
    ok_p18    floor_p18_2027_28  -1.417916449611e+02
    ok_p18    floor_p18_2028_29  -2.268261867445e+02
    ok_p18    dominance_p6_over_p18   1.000000000000e+00
    ok_p18    dominance_p13_over_p18   1.000000000000e+00
    ok_p18    dominance_p19_over_p18   1.000000000000e+00
    ok_p18    dominance_p28_over_p18   1.000000000000e+00
    ok_p18    dominance_p47_over_p18   1.000000000000e+00
    ok_p18    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p19    floor_p19_2025_26  -2.080680821523e+01
    ok_p19    floor_p19_2026_27  -6.396115995981e+01
    ok_p19    floor_p19_2027_28  -1.265864197697e+02
    ok_p19    floor_p19_2028_29  -2.141543731486e+02
    ok_p19    dominance_p19_over_p18  -1.000000000000e+00
    ok_p19    dominance_p19_over_p36  -1.000000000000e+00
    ok_p19    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p2     floor_p2_2025_26  -2.512539125866e+01
    ok_p2     floor_p2_2026_27  -6.819377263915e+01
    ok_p2     floor_p2_2027_28  -1.269335011945e+02
    ok_p2     floor_p2_2028_29  -2.068569542833e+02
    ok_p2     dominance_p2_over_p8  -1.000000000000e+00
    ok_p2     dominance_p2_over_p11  -1.000000000000e+00
    ok_p2     dominance_p2_over_p14  -1.000000000000e+00
    ok_p2     dominance_p2_over_p26  -1.000000000000e+00
    ok_p2     dominance_p2_over_p29  -1.000000000000e+00
    ok_p2     dominance_p2_over_p31  -1.000000000000e+00
    ok_p2     dominance_p2_over_p43  -1.000000000000e+00
    ok_p2     dominance_p2_over_p49  -1.000000000000e+00
    ok_p2     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p20    floor_p20_2024_25  -1.303689350875e+00
    ok_p20    floor_p20_2025_26  -3.972878781710e+01
    ok_p20    floor_p20_2026_27  -9.342571056467e+01
    ok_p20    floor_p20_2027_28  -1.659544115340e+02
    ok_p20    floor_p20_2028_29  -2.610285973495e+02
    ok_p20    dominance_p33_over_p20   1.000000000000e+00
    ok_p20    dominance_p36_over_p20   1.000000000000e+00
    ok_p20    dominance_p45_over_p20   1.000000000000e+00
    ok_p20    star_common_2025_26  -1.249270485312e+00
    ok_p20    star_common_2026_27  -9.941026400348e-01
    ok_p20    star_common_2027_28  -3.333197148857e+00
    ok_p20    star_common_2028_29  -7.139207826633e+00
    ok_p20    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p21    floor_p21_2025_26  -2.375286452329e+01
    ok_p21    floor_p21_2026_27  -6.434659946144e+01
    ok_p21    floor_p21_2027_28  -1.214314616642e+02
    ok_p21    floor_p21_2028_29  -1.965836795214e+02
    ok_p21    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p22    floor_p22_2024_25  -2.894978131862e+00
    ok_p22    floor_p22_2025_26  -4.146008186687e+01
    ok_p22    floor_p22_2026_27  -9.691160792463e+01
    ok_p22    floor_p22_2027_28  -1.716512143851e+02
    ok_p22    floor_p22_2028_29  -2.674693895229e+02
    ok_p22    dominance_p1_over_p22   1.000000000000e+00
    ok_p22    dominance_p13_over_p22   1.000000000000e+00
    ok_p22    dominance_p30_over_p22   1.000000000000e+00
    ok_p22    star_common_2024_25  -2.362735253044e-01
    ok_p22    star_common_2025_26  -5.312940497782e-01
    ok_p22    star_common_2026_27  -3.412337510318e+00
    ok_p22    star_common_2027_28  -1.612254123756e-01
    ok_p22    star_common_2028_29  -1.672220508731e+01
    ok_p22    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p23    floor_p23_2025_26  -2.650810892490e+01
    ok_p23    floor_p23_2026_27  -7.371589213349e+01
    ok_p23    floor_p23_2027_28  -1.417858292053e+02
    ok_p23    floor_p23_2028_29  -2.315274429603e+02
    ok_p23    dominance_p23_over_p10  -1.000000000000e+00
    ok_p23    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p24    floor_p24_2025_26  -1.940710128233e+01
    ok_p24    floor_p24_2026_27  -6.472676415828e+01
    ok_p24    floor_p24_2027_28  -1.339001478528e+02
    ok_p24    floor_p24_2028_29  -2.238690114161e+02
    ok_p24    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p25    floor_p25_2024_25  -1.371475565629e+00
    ok_p25    floor_p25_2025_26  -3.668589049173e+01
    ok_p25    floor_p25_2026_27  -8.793338403443e+01
    ok_p25    floor_p25_2027_28  -1.611043168038e+02
    ok_p25    floor_p25_2028_29  -2.596522037026e+02
    ok_p25    star_common_2024_25  -6.778621475391e-02
    ok_p25    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p26    floor_p26_2025_26  -2.712021473260e+01
    ok_p26    floor_p26_2026_27  -7.434296914850e+01
    ok_p26    floor_p26_2027_28  -1.436539119126e+02
    ok_p26    floor_p26_2028_29  -2.339898937389e+02
    ok_p26    dominance_p2_over_p26   1.000000000000e+00
    ok_p26    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p27    floor_p27_2025_26  -2.824277027418e+01
    ok_p27    floor_p27_2026_27  -6.885722867531e+01
    ok_p27    floor_p27_2027_28  -1.249328419902e+02
    ok_p27    floor_p27_2028_29  -1.979601001840e+02
    ok_p27    dominance_p27_over_p8  -1.000000000000e+00
    ok_p27    dominance_p27_over_p43  -1.000000000000e+00
    ok_p27    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p28    floor_p28_2025_26  -2.763518226752e+01
    ok_p28    floor_p28_2026_27  -7.307030445381e+01
    ok_p28    floor_p28_2027_28  -1.358359085970e+02
    ok_p28    floor_p28_2028_29  -2.234956105108e+02
    ok_p28    dominance_p1_over_p28   1.000000000000e+00
    ok_p28    dominance_p28_over_p8  -1.000000000000e+00
    ok_p28    dominance_p28_over_p10  -1.000000000000e+00
    ok_p28    dominance_p28_over_p18  -1.000000000000e+00
    ok_p28    dominance_p28_over_p33  -1.000000000000e+00
    ok_p28    dominance_p28_over_p43  -1.000000000000e+00
    ok_p28    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p29    floor_p29_2025_26  -3.084085354873e+01
    ok_p29    floor_p29_2026_27  -7.259144250825e+01
    ok_p29    floor_p29_2027_28  -1.343201454698e+02
    ok_p29    floor_p29_2028_29  -2.154442352191e+02
    ok_p29    dominance_p2_over_p29   1.000000000000e+00
    ok_p29    dominance_p6_over_p29   1.000000000000e+00
    ok_p29    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p3     floor_p3_2024_25  -1.008498745303e+00
    ok_p3     floor_p3_2025_26  -3.457556623668e+01
    ok_p3     floor_p3_2026_27  -8.261785657579e+01
    ok_p3     floor_p3_2027_28  -1.483866461804e+02
    ok_p3     floor_p3_2028_29  -2.352207341231e+02
    ok_p3     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p30    floor_p30_2025_26  -2.807594524714e+01
    ok_p30    floor_p30_2026_27  -7.413136078393e+01
    ok_p30    floor_p30_2027_28  -1.338470069386e+02
    ok_p30    floor_p30_2028_29  -2.135057564583e+02
    ok_p30    dominance_p30_over_p22  -1.000000000000e+00
    ok_p30    dominance_p30_over_p34  -1.000000000000e+00
    ok_p30    dominance_p30_over_p46  -1.000000000000e+00
    ok_p30    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p31    floor_p31_2025_26  -2.530705646267e+01
    ok_p31    floor_p31_2026_27  -7.562585432618e+01
    ok_p31    floor_p31_2027_28  -1.413023842687e+02
    ok_p31    floor_p31_2028_29  -2.290187116848e+02
    ok_p31    dominance_p2_over_p31   1.000000000000e+00
    ok_p31    dominance_p13_over_p31   1.000000000000e+00
    ok_p31    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p32    floor_p32_2025_26  -3.203377542858e+01
    ok_p32    floor_p32_2026_27  -8.359734085537e+01
    ok_p32    floor_p32_2027_28  -1.556014969928e+02
    ok_p32    floor_p32_2028_29  -2.532745025634e+02
    ok_p32    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p33    floor_p33_2025_26  -3.150439980629e+01
    ok_p33    floor_p33_2026_27  -8.019336256255e+01
    ok_p33    floor_p33_2027_28  -1.500526670185e+02
    ok_p33    floor_p33_2028_29  -2.431579119845e+02
    ok_p33    dominance_p28_over_p33   1.000000000000e+00
    ok_p33    dominance_p33_over_p20  -1.000000000000e+00
    ok_p33    dominance_p39_over_p33   1.000000000000e+00
    ok_p33    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p34    floor_p34_2025_26  -3.241784881539e+01
    ok_p34    floor_p34_2026_27  -9.048171653704e+01
    ok_p34    floor_p34_2027_28  -1.746399889727e+02
    ok_p34    floor_p34_2028_29  -2.895217229865e+02
    ok_p34    dominance_p13_over_p34   1.000000000000e+00
    ok_p34    dominance_p30_over_p34   1.000000000000e+00
    ok_p34    dominance_p47_over_p34   1.000000000000e+00
    ok_p34    star_common_2026_27  -7.205968929829e-01
    ok_p34    star_common_2027_28  -9.654133860240e+00
    ok_p34    star_common_2028_29  -1.056312563700e+01
    ok_p34    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p35    floor_p35_2025_26  -2.804650729626e+01
    ok_p35    floor_p35_2026_27  -6.981654003648e+01
    ok_p35    floor_p35_2027_28  -1.274447379267e+02
    ok_p35    floor_p35_2028_29  -2.107767107137e+02
    ok_p35    dominance_p35_over_p14  -1.000000000000e+00
    ok_p35    dominance_p35_over_p43  -1.000000000000e+00
    ok_p35    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p36    floor_p36_2025_26  -2.792135806771e+01
    ok_p36    floor_p36_2026_27  -7.238151472085e+01
    ok_p36    floor_p36_2027_28  -1.371931964854e+02
    ok_p36    floor_p36_2028_29  -2.223814194538e+02
    ok_p36    dominance_p6_over_p36   1.000000000000e+00
    ok_p36    dominance_p19_over_p36   1.000000000000e+00
    ok_p36    dominance_p36_over_p20  -1.000000000000e+00
    ok_p36    dominance_p36_over_p43  -1.000000000000e+00
    ok_p36    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p37    floor_p37_2025_26  -2.569863654638e+01
    ok_p37    floor_p37_2026_27  -6.833962424142e+01
    ok_p37    floor_p37_2027_28  -1.322840682490e+02
    ok_p37    floor_p37_2028_29  -2.167282831260e+02
    ok_p37    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p38    floor_p38_2025_26  -2.319261628825e+01
    ok_p38    floor_p38_2026_27  -6.440960972522e+01
    ok_p38    floor_p38_2027_28  -1.239414818150e+02
    ok_p38    floor_p38_2028_29  -2.066606582756e+02
    ok_p38    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p39    floor_p39_2025_26  -2.722845351616e+01
    ok_p39    floor_p39_2026_27  -7.407741216753e+01
    ok_p39    floor_p39_2027_28  -1.413587580017e+02
    ok_p39    floor_p39_2028_29  -2.312053986373e+02
    ok_p39    dominance_p39_over_p10  -1.000000000000e+00
    ok_p39    dominance_p39_over_p33  -1.000000000000e+00
    ok_p39    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p4     floor_p4_2025_26  -2.479512886587e+01
    ok_p4     floor_p4_2026_27  -7.257134411646e+01
    ok_p4     floor_p4_2027_28  -1.460050957252e+02
    ok_p4     floor_p4_2028_29  -2.420016635711e+02
    ok_p4     dominance_p13_over_p4   1.000000000000e+00
    ok_p4     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p40    floor_p40_2025_26  -2.811445540989e+01
    ok_p40    floor_p40_2026_27  -6.974279947640e+01
    ok_p40    floor_p40_2027_28  -1.275425679743e+02
    ok_p40    floor_p40_2028_29  -2.031281605147e+02
    ok_p40    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p41    floor_p41_2025_26  -2.492688651374e+01
    ok_p41    floor_p41_2026_27  -7.018085702839e+01
    ok_p41    floor_p41_2027_28  -1.358605415984e+02
    ok_p41    floor_p41_2028_29  -2.256228266380e+02
    ok_p41    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p42    floor_p42_2025_26  -2.754739707878e+01
    ok_p42    floor_p42_2026_27  -7.636354003590e+01
    ok_p42    floor_p42_2027_28  -1.460715761989e+02
    ok_p42    floor_p42_2028_29  -2.360823515569e+02
    ok_p42    dominance_p1_over_p42   1.000000000000e+00
    ok_p42    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p43    floor_p43_2024_25  -3.799112439256e-01
    ok_p43    floor_p43_2025_26  -3.539483097618e+01
    ok_p43    floor_p43_2026_27  -8.345006516195e+01
    ok_p43    floor_p43_2027_28  -1.466740409043e+02
    ok_p43    floor_p43_2028_29  -2.281369737407e+02
    ok_p43    dominance_p2_over_p43   1.000000000000e+00
    ok_p43    dominance_p16_over_p43   1.000000000000e+00
    ok_p43    dominance_p27_over_p43   1.000000000000e+00
    ok_p43    dominance_p28_over_p43   1.000000000000e+00
    ok_p43    dominance_p35_over_p43   1.000000000000e+00
    ok_p43    dominance_p36_over_p43   1.000000000000e+00
    ok_p43    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p44    floor_p44_2024_25  -8.579259680312e-01
    ok_p44    floor_p44_2025_26  -3.335527665642e+01
    ok_p44    floor_p44_2026_27  -7.628605697741e+01
    ok_p44    floor_p44_2027_28  -1.375715399202e+02
    ok_p44    floor_p44_2028_29  -2.158997470248e+02
    ok_p44    dominance_p6_over_p44   1.000000000000e+00
    ok_p44    dominance_p9_over_p44   1.000000000000e+00
    ok_p44    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p45    floor_p45_2025_26  -2.989753432591e+01
    ok_p45    floor_p45_2026_27  -8.089635517939e+01
    ok_p45    floor_p45_2027_28  -1.511995003863e+02
    ok_p45    floor_p45_2028_29  -2.444826528004e+02
    ok_p45    dominance_p1_over_p45   1.000000000000e+00
    ok_p45    dominance_p45_over_p8  -1.000000000000e+00
    ok_p45    dominance_p45_over_p20  -1.000000000000e+00
    ok_p45    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p46    floor_p46_2024_25  -1.550159211895e+00
    ok_p46    floor_p46_2025_26  -4.132203174523e+01
    ok_p46    floor_p46_2026_27  -9.344927041432e+01
    ok_p46    floor_p46_2027_28  -1.605247656172e+02
    ok_p46    floor_p46_2028_29  -2.509971844356e+02
    ok_p46    dominance_p1_over_p46   1.000000000000e+00
    ok_p46    dominance_p6_over_p46   1.000000000000e+00
    ok_p46    dominance_p13_over_p46   1.000000000000e+00
    ok_p46    dominance_p30_over_p46   1.000000000000e+00
    ok_p46    star_common_2024_25  -1.786836462653e-01
    ok_p46    star_common_2025_26  -6.194987835688e-02
    ok_p46    star_common_2026_27  -3.158086913711e+00
    ok_p46    star_common_2027_28  -2.973002797629e+00
    ok_p46    star_common_2028_29  -1.998809520346e+00
    ok_p46    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p47    floor_p47_2025_26  -2.027950280583e+01
    ok_p47    floor_p47_2026_27  -6.486436937067e+01
    ok_p47    floor_p47_2027_28  -1.301509596483e+02
    ok_p47    floor_p47_2028_29  -2.164608608757e+02
    ok_p47    dominance_p47_over_p18  -1.000000000000e+00
    ok_p47    dominance_p47_over_p34  -1.000000000000e+00
    ok_p47    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p48    floor_p48_2025_26  -2.463887431672e+01
    ok_p48    floor_p48_2026_27  -6.791030170421e+01
    ok_p48    floor_p48_2027_28  -1.315292624948e+02
    ok_p48    floor_p48_2028_29  -2.222205446085e+02
    ok_p48    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p49    floor_p49_2024_25  -1.126173776337e-01
    ok_p49    floor_p49_2025_26  -3.671342295004e+01
    ok_p49    floor_p49_2026_27  -9.008111964406e+01
    ok_p49    floor_p49_2027_28  -1.631217628196e+02
    ok_p49    floor_p49_2028_29  -2.569083706287e+02
    ok_p49    dominance_p1_over_p49   1.000000000000e+00
    ok_p49    dominance_p2_over_p49   1.000000000000e+00
    ok_p49    dominance_p17_over_p49   1.000000000000e+00
    ok_p49    star_common_2024_25  -1.062458165739e+00
    ok_p49    star_common_2025_26  -2.118591973861e+00
    ok_p49    chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p5     floor_p5_2025_26  -2.348244721145e+01
    ok_p5     floor_p5_2026_27  -6.673788121213e+01
    ok_p5     floor_p5_2027_28  -1.271411687936e+02
    ok_p5     floor_p5_2028_29  -2.051752618942e+02
    ok_p5     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p6     floor_p6_2025_26  -2.481937434271e+01
    ok_p6     floor_p6_2026_27  -6.993997921577e+01
    ok_p6     floor_p6_2027_28  -1.304854779178e+02
    ok_p6     floor_p6_2028_29  -2.103372908436e+02
    ok_p6     dominance_p6_over_p11  -1.000000000000e+00
    ok_p6     dominance_p6_over_p14  -1.000000000000e+00
    ok_p6     dominance_p6_over_p18  -1.000000000000e+00
    ok_p6     dominance_p6_over_p29  -1.000000000000e+00
    ok_p6     dominance_p6_over_p36  -1.000000000000e+00
    ok_p6     dominance_p6_over_p44  -1.000000000000e+00
    ok_p6     dominance_p6_over_p46  -1.000000000000e+00
    ok_p6     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p7     floor_p7_2025_26  -2.738962977809e+01
    ok_p7     floor_p7_2026_27  -7.360796625219e+01
    ok_p7     floor_p7_2027_28  -1.396328191923e+02
    ok_p7     floor_p7_2028_29  -2.271132570031e+02
    ok_p7     dominance_p13_over_p7   1.000000000000e+00
    ok_p7     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p8     floor_p8_2024_25  -1.587046065579e-01
    ok_p8     floor_p8_2025_26  -3.827951733178e+01
    ok_p8     floor_p8_2026_27  -9.111118350060e+01
    ok_p8     floor_p8_2027_28  -1.648058551125e+02
    ok_p8     floor_p8_2028_29  -2.539183749152e+02
    ok_p8     dominance_p2_over_p8   1.000000000000e+00
    ok_p8     dominance_p17_over_p8   1.000000000000e+00
    ok_p8     dominance_p27_over_p8   1.000000000000e+00
    ok_p8     dominance_p28_over_p8   1.000000000000e+00
    ok_p8     dominance_p45_over_p8   1.000000000000e+00
    ok_p8     star_common_2024_25  -4.608722892426e-02
    ok_p8     star_common_2025_26  -1.866094381743e+00
    ok_p8     star_common_2026_27  -1.809466963561e+00
    ok_p8     star_common_2027_28  -1.411089495292e+00
    ok_p8     star_common_2028_29  -9.100042865177e-01
    ok_p8     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    ok_p9     floor_p9_2025_26  -1.995775924377e+01
    ok_p9     floor_p9_2026_27  -6.304370444379e+01
    ok_p9     floor_p9_2027_28  -1.241617225951e+02
    ok_p9     floor_p9_2028_29  -2.027310797558e+02
    ok_p9     dominance_p9_over_p44  -1.000000000000e+00
    ok_p9     chance_share   1.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_asc_transformation_moderate  exclusive_asc_transformation   1.000000000000e+00
    take_asc_transformation_moderate  common_to_every_path_2025_26   5.000000000000e-01
    take_asc_transformation_moderate  common_to_every_path_2026_27   5.000000000000e-01
    take_asc_transformation_moderate  common_to_every_path_2027_28   5.000000000000e-01
    take_asc_transformation_moderate  common_to_every_path_2028_29   5.000000000000e-01
    take_asc_transformation_moderate  floor_p1_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p1_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p1_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p1_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p2_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p2_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p2_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p2_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p3_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p3_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p3_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p3_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p5_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p5_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p5_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p5_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p6_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p6_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p6_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p6_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p8_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p8_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p8_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p8_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p9_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p9_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p9_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p9_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p11_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p11_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p11_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p11_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p12_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p12_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p12_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p12_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p13_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p13_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p13_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p13_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p14_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p14_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p14_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p14_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p16_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p16_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p16_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p16_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p17_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p17_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p17_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p17_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p18_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p18_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p18_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p18_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p19_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p19_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p19_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p19_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p21_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p21_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p21_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p21_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p22_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p22_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p22_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p22_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p24_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p24_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p24_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p24_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p25_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p25_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p25_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p25_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p26_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p26_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p26_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p26_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p27_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p27_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p27_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p27_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p28_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p28_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p28_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p28_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p30_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p30_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p30_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p30_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p31_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p31_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p31_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p31_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p34_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p34_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p34_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p34_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p35_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p35_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p35_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p35_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p36_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p36_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p36_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p36_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p37_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p37_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p37_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p37_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p40_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p40_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p40_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p40_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p42_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p42_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p42_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p42_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p43_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p43_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p43_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p43_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p44_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p44_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p44_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p44_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p45_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p45_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p45_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p45_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p46_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p46_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p46_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p46_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p47_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p47_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p47_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p47_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p48_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p48_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p48_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p48_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  floor_p49_2025_26   1.500000000000e+00
    take_asc_transformation_moderate  floor_p49_2026_27   4.500000000000e+00
    take_asc_transformation_moderate  floor_p49_2027_28   9.000000000000e+00
    take_asc_transformation_moderate  floor_p49_2028_29   1.350000000000e+01
    take_asc_transformation_moderate  OBJ        3.990510000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_asc_transformation_stretch  exclusive_asc_transformation   1.000000000000e+00
    take_asc_transformation_stretch  common_to_every_path_2025_26   1.000000000000e+00
    take_asc_transformation_stretch  common_to_every_path_2026_27   1.000000000000e+00
    take_asc_transformation_stretch  common_to_every_path_2027_28   1.000000000000e+00
    take_asc_transformation_stretch  common_to_every_path_2028_29   1.000000000000e+00
    take_asc_transformation_stretch  floor_p0_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p0_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p0_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p0_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p2_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p2_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p2_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p2_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p3_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p3_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p3_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p3_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p4_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p4_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p4_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p4_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p6_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p6_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p6_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p6_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p7_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p7_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p7_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p7_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p9_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p9_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p9_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p9_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p11_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p11_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p11_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p11_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p12_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p12_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p12_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p12_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p13_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p13_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p13_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p13_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p17_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p17_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p17_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p17_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p19_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p19_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p19_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p19_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p24_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p24_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p24_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p24_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p25_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p25_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p25_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p25_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p26_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p26_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p26_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p26_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p29_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p29_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p29_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p29_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p30_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p30_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p30_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p30_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p31_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p31_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p31_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p31_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p32_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p32_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p32_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p32_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p36_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p36_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p36_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p36_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p37_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p37_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p37_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p37_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p39_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p39_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p39_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p39_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  floor_p47_2025_26   2.500000000000e+00
    take_asc_transformation_stretch  floor_p47_2026_27   7.500000000000e+00
    take_asc_transformation_stretch  floor_p47_2027_28   1.500000000000e+01
    take_asc_transformation_stretch  floor_p47_2028_29   2.250000000000e+01
    take_asc_transformation_stretch  OBJ        6.990650000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_contract_management  common_to_every_path_2025_26   2.000000000000e-01
    take_contract_management  common_to_every_path_2026_27   2.000000000000e-01
    take_contract_management  common_to_every_path_2027_28   2.000000000000e-01
    take_contract_management  common_to_every_path_2028_29   2.000000000000e-01
    take_contract_management  floor_p1_2025_26   5.000000000000e-01
    take_contract_management  floor_p1_2026_27   1.600000000000e+00
    take_contract_management  floor_p1_2027_28   2.700000000000e+00
    take_contract_management  floor_p1_2028_29   3.800000000000e+00
    take_contract_management  floor_p2_2025_26   5.000000000000e-01
    take_contract_management  floor_p2_2026_27   1.600000000000e+00
    take_contract_management  floor_p2_2027_28   2.700000000000e+00
    take_contract_management  floor_p2_2028_29   3.800000000000e+00
    take_contract_management  floor_p4_2025_26   5.000000000000e-01
    take_contract_management  floor_p4_2026_27   1.600000000000e+00
    take_contract_management  floor_p4_2027_28   2.700000000000e+00
    take_contract_management  floor_p4_2028_29   3.800000000000e+00
    take_contract_management  floor_p5_2025_26   5.000000000000e-01
    take_contract_management  floor_p5_2026_27   1.600000000000e+00
    take_contract_management  floor_p5_2027_28   2.700000000000e+00
    take_contract_management  floor_p5_2028_29   3.800000000000e+00
    take_contract_management  floor_p6_2025_26   5.000000000000e-01
    take_contract_management  floor_p6_2026_27   1.600000000000e+00
    take_contract_management  floor_p6_2027_28   2.700000000000e+00
    take_contract_management  floor_p6_2028_29   3.800000000000e+00
    take_contract_management  floor_p8_2025_26   5.000000000000e-01
    take_contract_management  floor_p8_2026_27   1.600000000000e+00
    take_contract_management  floor_p8_2027_28   2.700000000000e+00
    take_contract_management  floor_p8_2028_29   3.800000000000e+00
    take_contract_management  floor_p11_2025_26   5.000000000000e-01
    take_contract_management  floor_p11_2026_27   1.600000000000e+00
    take_contract_management  floor_p11_2027_28   2.700000000000e+00
    take_contract_management  floor_p11_2028_29   3.800000000000e+00
    take_contract_management  floor_p13_2025_26   5.000000000000e-01
    take_contract_management  floor_p13_2026_27   1.600000000000e+00
    take_contract_management  floor_p13_2027_28   2.700000000000e+00
    take_contract_management  floor_p13_2028_29   3.800000000000e+00
    take_contract_management  floor_p14_2025_26   5.000000000000e-01
    take_contract_management  floor_p14_2026_27   1.600000000000e+00
    take_contract_management  floor_p14_2027_28   2.700000000000e+00
    take_contract_management  floor_p14_2028_29   3.800000000000e+00
    take_contract_management  floor_p15_2025_26   5.000000000000e-01
    take_contract_management  floor_p15_2026_27   1.600000000000e+00
    take_contract_management  floor_p15_2027_28   2.700000000000e+00
    take_contract_management  floor_p15_2028_29   3.800000000000e+00
    take_contract_management  floor_p16_2025_26   5.000000000000e-01
    take_contract_management  floor_p16_2026_27   1.600000000000e+00
    take_contract_management  floor_p16_2027_28   2.700000000000e+00
    take_contract_management  floor_p16_2028_29   3.800000000000e+00
    take_contract_management  floor_p17_2025_26   5.000000000000e-01
    take_contract_management  floor_p17_2026_27   1.600000000000e+00
    take_contract_management  floor_p17_2027_28   2.700000000000e+00
    take_contract_management  floor_p17_2028_29   3.800000000000e+00
    take_contract_management  floor_p18_2025_26   5.000000000000e-01
    take_contract_management  floor_p18_2026_27   1.600000000000e+00
    take_contract_management  floor_p18_2027_28   2.700000000000e+00
    take_contract_management  floor_p18_2028_29   3.800000000000e+00
    take_contract_management  floor_p19_2025_26   5.000000000000e-01
    take_contract_management  floor_p19_2026_27   1.600000000000e+00
    take_contract_management  floor_p19_2027_28   2.700000000000e+00
    take_contract_management  floor_p19_2028_29   3.800000000000e+00
    take_contract_management  floor_p20_2025_26   5.000000000000e-01
    take_contract_management  floor_p20_2026_27   1.600000000000e+00
    take_contract_management  floor_p20_2027_28   2.700000000000e+00
    take_contract_management  floor_p20_2028_29   3.800000000000e+00
    take_contract_management  floor_p22_2025_26   5.000000000000e-01
    take_contract_management  floor_p22_2026_27   1.600000000000e+00
    take_contract_management  floor_p22_2027_28   2.700000000000e+00
    take_contract_management  floor_p22_2028_29   3.800000000000e+00
    take_contract_management  floor_p25_2025_26   5.000000000000e-01
    take_contract_management  floor_p25_2026_27   1.600000000000e+00
    take_contract_management  floor_p25_2027_28   2.700000000000e+00
    take_contract_management  floor_p25_2028_29   3.800000000000e+00
    take_contract_management  floor_p26_2025_26   5.000000000000e-01
    take_contract_management  floor_p26_2026_27   1.600000000000e+00
    take_contract_management  floor_p26_2027_28   2.700000000000e+00
    take_contract_management  floor_p26_2028_29   3.800000000000e+00
    take_contract_management  floor_p27_2025_26   5.000000000000e-01
    take_contract_management  floor_p27_2026_27   1.600000000000e+00
    take_contract_management  floor_p27_2027_28   2.700000000000e+00
    take_contract_management  floor_p27_2028_29   3.800000000000e+00
    take_contract_management  floor_p28_2025_26   5.000000000000e-01
    take_contract_management  floor_p28_2026_27   1.600000000000e+00
    take_contract_management  floor_p28_2027_28   2.700000000000e+00
    take_contract_management  floor_p28_2028_29   3.800000000000e+00
    take_contract_management  floor_p29_2025_26   5.000000000000e-01
    take_contract_management  floor_p29_2026_27   1.600000000000e+00
    take_contract_management  floor_p29_2027_28   2.700000000000e+00
    take_contract_management  floor_p29_2028_29   3.800000000000e+00
    take_contract_management  floor_p30_2025_26   5.000000000000e-01
    take_contract_management  floor_p30_2026_27   1.600000000000e+00
    take_contract_management  floor_p30_2027_28   2.700000000000e+00
    take_contract_management  floor_p30_2028_29   3.800000000000e+00
    take_contract_management  floor_p31_2025_26   5.000000000000e-01
    take_contract_management  floor_p31_2026_27   1.600000000000e+00
    take_contract_management  floor_p31_2027_28   2.700000000000e+00
    take_contract_management  floor_p31_2028_29   3.800000000000e+00
    take_contract_management  floor_p33_2025_26   5.000000000000e-01
    take_contract_management  floor_p33_2026_27   1.600000000000e+00
    take_contract_management  floor_p33_2027_28   2.700000000000e+00
    take_contract_management  floor_p33_2028_29   3.800000000000e+00
    take_contract_management  floor_p34_2025_26   5.000000000000e-01
    take_contract_management  floor_p34_2026_27   1.600000000000e+00
    take_contract_management  floor_p34_2027_28   2.700000000000e+00
    take_contract_management  floor_p34_2028_29   3.800000000000e+00
    take_contract_management  floor_p35_2025_26   5.000000000000e-01
    take_contract_management  floor_p35_2026_27   1.600000000000e+00
    take_contract_management  floor_p35_2027_28   2.700000000000e+00
    take_contract_management  floor_p35_2028_29   3.800000000000e+00
    take_contract_management  floor_p36_2025_26   5.000000000000e-01
    take_contract_management  floor_p36_2026_27   1.600000000000e+00
    take_contract_management  floor_p36_2027_28   2.700000000000e+00
    take_contract_management  floor_p36_2028_29   3.800000000000e+00
    take_contract_management  floor_p37_2025_26   5.000000000000e-01
    take_contract_management  floor_p37_2026_27   1.600000000000e+00
    take_contract_management  floor_p37_2027_28   2.700000000000e+00
    take_contract_management  floor_p37_2028_29   3.800000000000e+00
    take_contract_management  floor_p38_2025_26   5.000000000000e-01
    take_contract_management  floor_p38_2026_27   1.600000000000e+00
    take_contract_management  floor_p38_2027_28   2.700000000000e+00
    take_contract_management  floor_p38_2028_29   3.800000000000e+00
    take_contract_management  floor_p39_2025_26   5.000000000000e-01
    take_contract_management  floor_p39_2026_27   1.600000000000e+00
    take_contract_management  floor_p39_2027_28   2.700000000000e+00
    take_contract_management  floor_p39_2028_29   3.800000000000e+00
    take_contract_management  floor_p41_2025_26   5.000000000000e-01
    take_contract_management  floor_p41_2026_27   1.600000000000e+00
    take_contract_management  floor_p41_2027_28   2.700000000000e+00
    take_contract_management  floor_p41_2028_29   3.800000000000e+00
    take_contract_management  floor_p43_2025_26   5.000000000000e-01
    take_contract_management  floor_p43_2026_27   1.600000000000e+00
    take_contract_management  floor_p43_2027_28   2.700000000000e+00
    take_contract_management  floor_p43_2028_29   3.800000000000e+00
    take_contract_management  floor_p45_2025_26   5.000000000000e-01
    take_contract_management  floor_p45_2026_27   1.600000000000e+00
    take_contract_management  floor_p45_2027_28   2.700000000000e+00
    take_contract_management  floor_p45_2028_29   3.800000000000e+00
    take_contract_management  floor_p46_2025_26   5.000000000000e-01
    take_contract_management  floor_p46_2026_27   1.600000000000e+00
    take_contract_management  floor_p46_2027_28   2.700000000000e+00
    take_contract_management  floor_p46_2028_29   3.800000000000e+00
    take_contract_management  floor_p47_2025_26   5.000000000000e-01
    take_contract_management  floor_p47_2026_27   1.600000000000e+00
    take_contract_management  floor_p47_2027_28   2.700000000000e+00
    take_contract_management  floor_p47_2028_29   3.800000000000e+00
    take_contract_management  floor_p49_2025_26   5.000000000000e-01
    take_contract_management  floor_p49_2026_27   1.600000000000e+00
    take_contract_management  floor_p49_2027_28   2.700000000000e+00
    take_contract_management  floor_p49_2028_29   3.800000000000e+00
    take_contract_management  OBJ        9.974640000000e-01
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_csc_agency_reduction  common_to_every_path_2025_26   3.000000000000e-01
    take_csc_agency_reduction  common_to_every_path_2026_27   3.000000000000e-01
    take_csc_agency_reduction  common_to_every_path_2027_28   3.000000000000e-01
    take_csc_agency_reduction  common_to_every_path_2028_29   3.000000000000e-01
    take_csc_agency_reduction  floor_p0_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p0_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p0_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p0_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p1_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p1_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p1_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p1_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p2_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p2_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p2_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p2_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p4_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p4_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p4_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p4_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p5_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p5_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p5_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p5_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p6_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p6_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p6_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p6_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p7_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p7_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p7_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p7_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p9_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p9_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p9_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p9_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p11_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p11_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p11_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p11_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p13_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p13_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p13_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p13_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p14_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p14_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p14_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p14_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p15_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p15_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p15_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p15_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p16_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p16_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p16_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p16_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p17_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p17_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p17_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p17_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p22_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p22_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p22_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p22_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p26_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p26_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p26_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p26_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p29_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p29_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p29_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p29_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p30_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p30_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p30_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p30_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p31_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p31_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p31_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p31_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p32_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p32_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p32_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p32_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p35_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p35_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p35_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p35_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p37_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p37_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p37_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p37_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p41_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p41_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p41_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p41_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p42_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p42_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p42_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p42_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p44_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p44_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p44_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p44_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p46_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p46_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p46_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p46_2028_29   4.200000000000e+00
    take_csc_agency_reduction  floor_p49_2025_26   6.000000000000e-01
    take_csc_agency_reduction  floor_p49_2026_27   1.800000000000e+00
    take_csc_agency_reduction  floor_p49_2027_28   3.000000000000e+00
    take_csc_agency_reduction  floor_p49_2028_29   4.200000000000e+00
    take_csc_agency_reduction  OBJ        9.980320000000e-01
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_csc_fostering_sufficiency  requires_csc_residential_step_down  -1.000000000000e+00
    take_csc_fostering_sufficiency  common_to_every_path_2025_26   6.000000000000e-01
    take_csc_fostering_sufficiency  common_to_every_path_2026_27   6.000000000000e-01
    take_csc_fostering_sufficiency  common_to_every_path_2027_28   6.000000000000e-01
    take_csc_fostering_sufficiency  common_to_every_path_2028_29   6.000000000000e-01
    take_csc_fostering_sufficiency  OBJ        6.000000000000e-04
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_csc_residential_step_down  requires_csc_residential_step_down   1.000000000000e+00
    take_csc_residential_step_down  floor_p0_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p0_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p0_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p0_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p1_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p1_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p1_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p1_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p2_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p2_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p2_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p2_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p3_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p3_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p3_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p3_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p7_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p7_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p7_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p7_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p8_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p8_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p8_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p8_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p10_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p10_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p10_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p10_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p12_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p12_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p12_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p12_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p13_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p13_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p13_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p13_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p15_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p15_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p15_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p15_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p17_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p17_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p17_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p17_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p22_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p22_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p22_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p22_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p23_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p23_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p23_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p23_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p24_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p24_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p24_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p24_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p25_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p25_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p25_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p25_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p26_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p26_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p26_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p26_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p27_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p27_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p27_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p27_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p28_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p28_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p28_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p28_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p30_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p30_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p30_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p30_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p31_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p31_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p31_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p31_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p32_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p32_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p32_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p32_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p33_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p33_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p33_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p33_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p34_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p34_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p34_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p34_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p38_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p38_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p38_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p38_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p39_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p39_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p39_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p39_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p40_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p40_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p40_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p40_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p41_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p41_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p41_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p41_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p42_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p42_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p42_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p42_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p45_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p45_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p45_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p45_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p47_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p47_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p47_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p47_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p48_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p48_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p48_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p48_2028_29   9.950000000000e+00
    take_csc_residential_step_down  floor_p49_2025_26   1.400000000000e+00
    take_csc_residential_step_down  floor_p49_2026_27   4.250000000000e+00
    take_csc_residential_step_down  floor_p49_2027_28   7.100000000000e+00
    take_csc_residential_step_down  floor_p49_2028_29   9.950000000000e+00
    take_csc_residential_step_down  OBJ        2.993632000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_earmarked_reserves_draw  reserves_limit_earmarked_reserves_draw_2025_26  -2.000000000000e+00
    take_earmarked_reserves_draw  reserves_limit_earmarked_reserves_draw_2026_27  -2.000000000000e+00
    take_earmarked_reserves_draw  OBJ        2.000000000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_htst_independent_travel_training  common_to_every_path_2025_26   1.000000000000e-01
    take_htst_independent_travel_training  common_to_every_path_2026_27   1.000000000000e-01
    take_htst_independent_travel_training  common_to_every_path_2027_28   1.000000000000e-01
    take_htst_independent_travel_training  common_to_every_path_2028_29   1.000000000000e-01
    take_htst_independent_travel_training  floor_p0_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p0_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p0_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p0_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p1_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p1_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p1_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p1_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p3_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p3_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p3_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p3_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p4_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p4_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p4_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p4_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p5_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p5_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p5_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p5_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p6_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p6_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p6_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p6_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p7_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p7_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p7_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p7_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p9_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p9_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p9_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p9_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p10_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p10_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p10_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p10_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p12_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p12_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p12_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p12_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p13_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p13_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p13_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p13_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p15_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p15_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p15_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p15_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p17_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p17_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p17_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p17_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p18_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p18_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p18_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p18_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p19_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p19_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p19_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p19_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p20_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p20_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p20_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p20_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p21_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p21_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p21_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p21_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p22_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p22_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p22_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p22_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p23_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p23_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p23_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p23_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p24_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p24_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p24_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p24_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p25_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p25_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p25_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p25_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p28_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p28_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p28_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p28_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p30_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p30_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p30_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p30_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p32_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p32_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p32_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p32_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p33_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p33_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p33_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p33_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p34_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p34_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p34_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p34_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p36_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p36_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p36_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p36_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p38_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p38_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p38_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p38_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p39_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p39_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p39_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p39_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p40_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p40_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p40_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p40_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p42_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p42_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p42_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p42_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p44_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p44_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p44_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p44_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p45_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p45_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p45_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p45_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p46_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p46_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p46_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p46_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  floor_p47_2025_26   2.000000000000e-01
    take_htst_independent_travel_training  floor_p47_2026_27   6.000000000000e-01
    take_htst_independent_travel_training  floor_p47_2027_28   1.200000000000e+00
    take_htst_independent_travel_training  floor_p47_2028_29   1.800000000000e+00
    take_htst_independent_travel_training  OBJ        9.988400000000e-01
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_htst_route_optimisation  common_to_every_path_2025_26   1.500000000000e-01
    take_htst_route_optimisation  common_to_every_path_2026_27   1.500000000000e-01
    take_htst_route_optimisation  common_to_every_path_2027_28   1.500000000000e-01
    take_htst_route_optimisation  common_to_every_path_2028_29   1.500000000000e-01
    take_htst_route_optimisation  floor_p0_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p0_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p0_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p0_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p1_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p1_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p1_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p1_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p2_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p2_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p2_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p2_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p3_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p3_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p3_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p3_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p4_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p4_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p4_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p4_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p6_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p6_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p6_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p6_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p7_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p7_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p7_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p7_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p8_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p8_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p8_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p8_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p9_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p9_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p9_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p9_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p10_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p10_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p10_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p10_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p11_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p11_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p11_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p11_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p12_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p12_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p12_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p12_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p13_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p13_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p13_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p13_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p14_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p14_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p14_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p14_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p16_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p16_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p16_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p16_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p17_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p17_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p17_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p17_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p18_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p18_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p18_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p18_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p19_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p19_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p19_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p19_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p20_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p20_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p20_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p20_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p22_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p22_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p22_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p22_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p23_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p23_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p23_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p23_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p26_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p26_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p26_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p26_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p27_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p27_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p27_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p27_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p28_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p28_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p28_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p28_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p29_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p29_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p29_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p29_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p30_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p30_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p30_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p30_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p31_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p31_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p31_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p31_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p33_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p33_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p33_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p33_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p35_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p35_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p35_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p35_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p36_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p36_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p36_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p36_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p37_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p37_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p37_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p37_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p39_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p39_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p39_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p39_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p40_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p40_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p40_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p40_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p41_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p41_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p41_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p41_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p42_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p42_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p42_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p42_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p43_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p43_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p43_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p43_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p44_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p44_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p44_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p44_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p45_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p45_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p45_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p45_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p46_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p46_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p46_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p46_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p47_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p47_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p47_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p47_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p48_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p48_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p48_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p48_2028_29   2.100000000000e+00
    take_htst_route_optimisation  floor_p49_2025_26   3.000000000000e-01
    take_htst_route_optimisation  floor_p49_2026_27   9.000000000000e-01
    take_htst_route_optimisation  floor_p49_2027_28   1.500000000000e+00
    take_htst_route_optimisation  floor_p49_2028_29   2.100000000000e+00
    take_htst_route_optimisation  OBJ        9.983860000000e-01
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_in_year_remedial_2024_25  floor_p0_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p0_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p0_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p0_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p0_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p1_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p1_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p1_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p1_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p2_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p2_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p2_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p2_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p3_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p3_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p3_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p3_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p3_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p4_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p4_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p4_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p4_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p6_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p6_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p6_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p6_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p7_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p7_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p7_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p7_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p9_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p9_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p9_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p9_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p10_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p10_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p10_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p10_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p11_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p11_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p11_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p11_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p12_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p12_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p12_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p12_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p13_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p13_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p13_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p13_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p14_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p14_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p14_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p14_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p14_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p15_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p15_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p15_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p15_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p16_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p16_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p16_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p16_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p18_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p18_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p18_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p18_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p19_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p19_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p19_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p19_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p20_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p20_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p20_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p20_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p20_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p21_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p21_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p21_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p21_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p22_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p22_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p22_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p22_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p22_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p23_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p23_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p23_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p23_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p24_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p24_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p24_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p24_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p25_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p25_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p25_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p25_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p25_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p26_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p26_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p26_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p26_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p27_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p27_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p27_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p27_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p28_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p28_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p28_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p28_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p29_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p29_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p29_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p29_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p30_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p30_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p30_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p30_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p31_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p31_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p31_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p31_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p32_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p32_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p32_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p32_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p33_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p33_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p33_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p33_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p34_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p34_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p34_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p34_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p35_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p35_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p35_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p35_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p36_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p36_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p36_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p36_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p38_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p38_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p38_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p38_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p39_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p39_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p39_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p39_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p40_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p40_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p40_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p40_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p41_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p41_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p41_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p41_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p42_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p42_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p42_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p42_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p43_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p43_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p43_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p43_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p43_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p44_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p44_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p44_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p44_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p44_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p45_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p45_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p45_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p45_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p46_2024_25   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p46_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p46_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p46_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p46_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p47_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p47_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p47_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p47_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p48_2025_26   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p48_2026_27   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p48_2027_28   2.500000000000e+00
    take_in_year_remedial_2024_25  floor_p48_2028_29   2.500000000000e+00
    take_in_year_remedial_2024_25  OBJ        2.997750000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_non_statutory_service_reductions  common_to_every_path_2025_26   3.000000000000e-01
    take_non_statutory_service_reductions  common_to_every_path_2026_27   3.000000000000e-01
    take_non_statutory_service_reductions  common_to_every_path_2027_28   3.000000000000e-01
    take_non_statutory_service_reductions  common_to_every_path_2028_29   3.000000000000e-01
    take_non_statutory_service_reductions  floor_p0_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p0_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p0_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p0_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p1_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p1_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p1_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p1_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p2_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p2_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p2_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p2_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p3_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p3_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p3_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p3_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p4_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p4_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p4_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p4_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p5_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p5_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p5_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p5_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p6_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p6_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p6_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p6_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p8_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p8_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p8_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p8_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p9_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p9_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p9_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p9_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p10_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p10_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p10_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p10_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p11_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p11_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p11_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p11_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p12_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p12_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p12_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p12_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p13_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p13_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p13_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p13_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p14_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p14_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p14_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p14_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p15_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p15_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p15_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p15_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p16_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p16_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p16_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p16_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p17_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p17_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p17_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p17_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p18_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p18_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p18_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p18_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p19_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p19_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p19_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p19_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p20_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p20_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p20_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p20_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p21_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p21_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p21_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p21_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p23_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p23_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p23_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p23_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p24_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p24_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p24_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p24_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p25_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p25_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p25_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p25_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p27_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p27_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p27_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p27_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p28_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p28_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p28_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p28_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p29_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p29_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p29_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p29_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p30_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p30_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p30_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p30_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p31_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p31_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p31_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p31_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p32_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p32_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p32_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p32_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p33_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p33_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p33_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p33_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p34_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p34_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p34_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p34_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p35_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p35_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p35_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p35_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p36_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p36_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p36_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p36_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p37_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p37_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p37_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p37_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p38_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p38_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p38_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p38_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p39_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p39_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p39_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p39_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p40_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p40_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p40_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p40_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p41_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p41_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p41_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p41_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p43_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p43_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p43_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p43_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p44_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p44_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p44_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p44_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p45_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p45_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p45_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p45_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p46_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p46_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p46_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p46_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p47_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p47_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p47_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p47_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  floor_p49_2025_26   1.500000000000e+00
    take_non_statutory_service_reductions  floor_p49_2026_27   4.500000000000e+00
    take_non_statutory_service_reductions  floor_p49_2027_28   7.500000000000e+00
    take_non_statutory_service_reductions  floor_p49_2028_29   1.050000000000e+01
    take_non_statutory_service_reductions  OBJ        7.990850000000e+00
    MARK      'MARKER'                 'INTEND'
    MARK      'MARKER'                 'INTORG'
    take_send_in_borough_places  floor_p0_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p0_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p0_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p0_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p1_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p1_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p1_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p1_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p2_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p2_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p2_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p2_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p3_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p3_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p3_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p3_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p5_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p5_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p5_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p5_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p6_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p6_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p6_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p6_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p8_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p8_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p8_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p8_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p9_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p9_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p9_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p9_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p10_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p10_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p10_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p10_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p11_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p11_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p11_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p11_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p12_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p12_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p12_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p12_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p14_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p14_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p14_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p14_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p15_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p15_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p15_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p15_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p16_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p16_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p16_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p16_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p17_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p17_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p17_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p17_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p19_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p19_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p19_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p19_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p20_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p20_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p20_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p20_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p21_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p21_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p21_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p21_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p23_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p23_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p23_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p23_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p24_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p24_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p24_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p24_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p25_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p25_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p25_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p25_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p26_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p26_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p26_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p26_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p27_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p27_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p27_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p27_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p28_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p28_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p28_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p28_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p29_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p29_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p29_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p29_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p32_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p32_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p32_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p32_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p33_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p33_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p33_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p33_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p35_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p35_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p35_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p35_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p36_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p36_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p36_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p36_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p37_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p37_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p37_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p37_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p38_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p38_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p38_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p38_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p39_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p39_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p39_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p39_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p40_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p40_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p40_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p40_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p41_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p41_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p41_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p41_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p42_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p42_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p42_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p42_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p43_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p43_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p43_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p43_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p44_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p44_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p44_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p44_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p45_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p45_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p45_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p45_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p48_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p48_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p48_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p48_2028_29   3.070000000000e+00
    take_send_in_borough_places  floor_p49_2025_26   3.000000000000e-01
    take_send_in_borough_places  floor_p49_2026_27   1.070000000000e+00
    take_send_in_borough_places  floor_p49_2027_28   2.070000000000e+00
    take_send_in_borough_places  floor_p49_2028_29   3.070000000000e+00
    take_send_in_borough_places  OBJ       -2.456000000000e-03
    MARK      'MARKER'                 'INTEND'
RHS
    RHS       exclusive_asc_transformation   1.000000000000e+00
    RHS       requires_csc_residential_step_down   0.000000000000e+00
    RHS       reserves_limit_earmarked_reserves_draw_2025_26   0.000000000000e+00
    RHS       reserves_limit_earmarked_reserves_draw_2026_27   0.000000000000e+00
    RHS       referendum_cap_2025_26   4.990000000000e+00
    RHS       referendum_cap_2026_27   4.990000000000e+00
    RHS       referendum_cap_2027_28   4.990000000000e+00
    RHS       referendum_cap_2028_29   4.990000000000e+00
    RHS       common_to_every_path_2024_25   0.000000000000e+00
    RHS       common_to_every_path_2025_26   0.000000000000e+00
    RHS       common_to_every_path_2026_27   0.000000000000e+00
    RHS       common_to_every_path_2027_28   0.000000000000e+00
    RHS       common_to_every_path_2028_29   0.000000000000e+00
    RHS       floor_p0_2024_25   0.000000000000e+00
    RHS       floor_p0_2025_26  -1.300000000000e+00
    RHS       floor_p0_2026_27  -1.300000000000e+00
    RHS       floor_p0_2027_28  -1.300000000000e+00
    RHS       floor_p0_2028_29  -1.300000000000e+00
    RHS       floor_p1_2025_26  -1.600000000000e+00
    RHS       floor_p1_2026_27  -1.600000000000e+00
    RHS       floor_p1_2027_28  -1.600000000000e+00
    RHS       floor_p1_2028_29  -1.600000000000e+00
    RHS       floor_p2_2025_26  -7.000000000000e-01
    RHS       floor_p2_2026_27  -7.000000000000e-01
    RHS       floor_p2_2027_28  -7.000000000000e-01
    RHS       floor_p2_2028_29  -7.000000000000e-01
    RHS       floor_p3_2024_25   0.000000000000e+00
    RHS       floor_p3_2025_26  -1.100000000000e+00
    RHS       floor_p3_2026_27  -1.100000000000e+00
    RHS       floor_p3_2027_28  -1.100000000000e+00
    RHS       floor_p3_2028_29  -1.100000000000e+00
    RHS       floor_p4_2025_26  -1.100000000000e+00
    RHS       floor_p4_2026_27  -1.100000000000e+00
    RHS       floor_p4_2027_28  -1.100000000000e+00
    RHS       floor_p4_2028_29  -1.100000000000e+00
    RHS       floor_p5_2025_26  -1.750000000000e+00
    RHS       floor_p5_2026_27  -1.750000000000e+00
    RHS       floor_p5_2027_28  -1.750000000000e+00
    RHS       floor_p5_2028_29  -1.750000000000e+00
    RHS       floor_p6_2025_26  -6.000000000000e-01
    RHS       floor_p6_2026_27  -6.000000000000e-01
    RHS       floor_p6_2027_28  -6.000000000000e-01
    RHS       floor_p6_2028_29  -6.000000000000e-01
    RHS       floor_p7_2025_26  -1.600000000000e+00
    RHS       floor_p7_2026_27  -1.600000000000e+00
    RHS       floor_p7_2027_28  -1.600000000000e+00
    RHS       floor_p7_2028_29  -1.600000000000e+00
    RHS       floor_p8_2024_25   0.000000000000e+00
    RHS       floor_p8_2025_26  -2.000000000000e+00
    RHS       floor_p8_2026_27  -2.000000000000e+00
    RHS       floor_p8_2027_28  -2.000000000000e+00
    RHS       floor_p8_2028_29  -2.000000000000e+00
    RHS       floor_p9_2025_26  -8.000000000000e-01
    RHS       floor_p9_2026_27  -8.000000000000e-01
    RHS       floor_p9_2027_28  -8.000000000000e-01
    RHS       floor_p9_2028_29  -8.000000000000e-01
    RHS       floor_p10_2025_26  -2.600000000000e+00
    RHS       floor_p10_2026_27  -2.600000000000e+00
    RHS       floor_p10_2027_28  -2.600000000000e+00
    RHS       floor_p10_2028_29  -2.600000000000e+00
    RHS       floor_p11_2025_26  -7.000000000000e-01
    RHS       floor_p11_2026_27  -7.000000000000e-01
    RHS       floor_p11_2027_28  -7.000000000000e-01
    RHS       floor_p11_2028_29  -7.000000000000e-01
    RHS       floor_p12_2025_26  -1.100000000000e+00
    RHS       floor_p12_2026_27  -1.100000000000e+00
    RHS       floor_p12_2027_28  -1.100000000000e+00
    RHS       floor_p12_2028_29  -1.100000000000e+00
    RHS       floor_p13_2025_26  -6.000000000000e-01
    RHS       floor_p13_2026_27  -6.000000000000e-01
    RHS       floor_p13_2027_28  -6.000000000000e-01
    RHS       floor_p13_2028_29  -6.000000000000e-01
    RHS       floor_p14_2024_25   0.000000000000e+00
    RHS       floor_p14_2025_26  -1.700000000000e+00
    RHS       floor_p14_2026_27  -1.700000000000e+00
    RHS       floor_p14_2027_28  -1.700000000000e+00
    RHS       floor_p14_2028_29  -1.700000000000e+00
    RHS       floor_p15_2025_26  -2.250000000000e+00
    RHS       floor_p15_2026_27  -2.250000000000e+00
    RHS       floor_p15_2027_28  -2.250000000000e+00
    RHS       floor_p15_2028_29  -2.250000000000e+00
    RHS       floor_p16_2025_26  -1.700000000000e+00
    RHS       floor_p16_2026_27  -1.700000000000e+00
    RHS       floor_p16_2027_28  -1.700000000000e+00
    RHS       floor_p16_2028_29  -1.700000000000e+00
    RHS       floor_p17_2025_26  -6.000000000000e-01
    RHS       floor_p17_2026_27  -6.000000000000e-01
    RHS       floor_p17_2027_28  -6.000000000000e-01
    RHS       floor_p17_2028_29  -6.000000000000e-01
    RHS       floor_p18_2025_26  -1.900000000000e+00
    RHS       floor_p18_2026_27  -1.900000000000e+00
    RHS       floor_p18_2027_28  -1.900000000000e+00
    RHS       floor_p18_2028_29  -1.900000000000e+00
    RHS       floor_p19_2025_26  -9.000000000000e-01
    RHS       floor_p19_2026_27  -9.000000000000e-01
    RHS       floor_p19_2027_28  -9.000000000000e-01
    RHS       floor_p19_2028_29  -9.000000000000e-01
    RHS       floor_p20_2024_25   0.000000000000e+00
    RHS       floor_p20_2025_26  -2.400000000000e+00
    RHS       floor_p20_2026_27  -2.400000000000e+00
    RHS       floor_p20_2027_28  -2.400000000000e+00
    RHS       floor_p20_2028_29  -2.400000000000e+00
    RHS       floor_p21_2025_26  -2.250000000000e+00
    RHS       floor_p21_2026_27  -2.250000000000e+00
    RHS       floor_p21_2027_28  -2.250000000000e+00
    RHS       floor_p21_2028_29  -2.250000000000e+00
    RHS       floor_p22_2024_25   0.000000000000e+00
    RHS       floor_p22_2025_26  -1.900000000000e+00
    RHS       floor_p22_2026_27  -1.900000000000e+00
    RHS       floor_p22_2027_28  -1.900000000000e+00
    RHS       floor_p22_2028_29  -1.900000000000e+00
    RHS       floor_p23_2025_26  -2.600000000000e+00
    RHS       floor_p23_2026_27  -2.600000000000e+00
    RHS       floor_p23_2027_28  -2.600000000000e+00
    RHS       floor_p23_2028_29  -2.600000000000e+00
    RHS       floor_p24_2025_26  -1.250000000000e+00
    RHS       floor_p24_2026_27  -1.250000000000e+00
    RHS       floor_p24_2027_28  -1.250000000000e+00
    RHS       floor_p24_2028_29  -1.250000000000e+00
    RHS       floor_p25_2024_25   0.000000000000e+00
    RHS       floor_p25_2025_26  -1.050000000000e+00
    RHS       floor_p25_2026_27  -1.050000000000e+00
    RHS       floor_p25_2027_28  -1.050000000000e+00
    RHS       floor_p25_2028_29  -1.050000000000e+00
    RHS       floor_p26_2025_26  -1.000000000000e+00
    RHS       floor_p26_2026_27  -1.000000000000e+00
    RHS       floor_p26_2027_28  -1.000000000000e+00
    RHS       floor_p26_2028_29  -1.000000000000e+00
    RHS       floor_p27_2025_26  -2.000000000000e+00
    RHS       floor_p27_2026_27  -2.000000000000e+00
    RHS       floor_p27_2027_28  -2.000000000000e+00
    RHS       floor_p27_2028_29  -2.000000000000e+00
    RHS       floor_p28_2025_26  -1.900000000000e+00
    RHS       floor_p28_2026_27  -1.900000000000e+00
    RHS       floor_p28_2027_28  -1.900000000000e+00
    RHS       floor_p28_2028_29  -1.900000000000e+00
    RHS       floor_p29_2025_26  -1.200000000000e+00
    RHS       floor_p29_2026_27  -1.200000000000e+00
    RHS       floor_p29_2027_28  -1.200000000000e+00
    RHS       floor_p29_2028_29  -1.200000000000e+00
    RHS       floor_p30_2025_26  -6.000000000000e-01
    RHS       floor_p30_2026_27  -6.000000000000e-01
    RHS       floor_p30_2027_28  -6.000000000000e-01
    RHS       floor_p30_2028_29  -6.000000000000e-01
    RHS       floor_p31_2025_26  -7.000000000000e-01
    RHS       floor_p31_2026_27  -7.000000000000e-01
    RHS       floor_p31_2027_28  -7.000000000000e-01
    RHS       floor_p31_2028_29  -7.000000000000e-01
    RHS       floor_p32_2025_26  -1.450000000000e+00
    RHS       floor_p32_2026_27  -1.450000000000e+00
    RHS       floor_p32_2027_28  -1.450000000000e+00
    RHS       floor_p32_2028_29  -1.450000000000e+00
    RHS       floor_p33_2025_26  -2.400000000000e+00
    RHS       floor_p33_2026_27  -2.400000000000e+00
    RHS       floor_p33_2027_28  -2.400000000000e+00
    RHS       floor_p33_2028_29  -2.400000000000e+00
    RHS       floor_p34_2025_26  -2.050000000000e+00
    RHS       floor_p34_2026_27  -2.050000000000e+00
    RHS       floor_p34_2027_28  -2.050000000000e+00
    RHS       floor_p34_2028_29  -2.050000000000e+00
    RHS       floor_p35_2025_26  -1.700000000000e+00
    RHS       floor_p35_2026_27  -1.700000000000e+00
    RHS       floor_p35_2027_28  -1.700000000000e+00
    RHS       floor_p35_2028_29  -1.700000000000e+00
    RHS       floor_p36_2025_26  -9.000000000000e-01
    RHS       floor_p36_2026_27  -9.000000000000e-01
    RHS       floor_p36_2027_28  -9.000000000000e-01
    RHS       floor_p36_2028_29  -9.000000000000e-01
    RHS       floor_p37_2025_26  -7.000000000000e-01
    RHS       floor_p37_2026_27  -7.000000000000e-01
    RHS       floor_p37_2027_28  -7.000000000000e-01
    RHS       floor_p37_2028_29  -7.000000000000e-01
    RHS       floor_p38_2025_26  -2.550000000000e+00
    RHS       floor_p38_2026_27  -2.550000000000e+00
    RHS       floor_p38_2027_28  -2.550000000000e+00
    RHS       floor_p38_2028_29  -2.550000000000e+00
    RHS       floor_p39_2025_26  -1.400000000000e+00
    RHS       floor_p39_2026_27  -1.400000000000e+00
    RHS       floor_p39_2027_28  -1.400000000000e+00
    RHS       floor_p39_2028_29  -1.400000000000e+00
    RHS       floor_p40_2025_26  -2.100000000000e+00
    RHS       floor_p40_2026_27  -2.100000000000e+00
    RHS       floor_p40_2027_28  -2.100000000000e+00
    RHS       floor_p40_2028_29  -2.100000000000e+00
    RHS       floor_p41_2025_26  -2.200000000000e+00
    RHS       floor_p41_2026_27  -2.200000000000e+00
    RHS       floor_p41_2027_28  -2.200000000000e+00
    RHS       floor_p41_2028_29  -2.200000000000e+00
    RHS       floor_p42_2025_26  -2.100000000000e+00
    RHS       floor_p42_2026_27  -2.100000000000e+00
    RHS       floor_p42_2027_28  -2.100000000000e+00
    RHS       floor_p42_2028_29  -2.100000000000e+00
    RHS       floor_p43_2024_25   0.000000000000e+00
    RHS       floor_p43_2025_26  -2.000000000000e+00
    RHS       floor_p43_2026_27  -2.000000000000e+00
    RHS       floor_p43_2027_28  -2.000000000000e+00
    RHS       floor_p43_2028_29  -2.000000000000e+00
    RHS       floor_p44_2024_25   0.000000000000e+00
    RHS       floor_p44_2025_26  -1.800000000000e+00
    RHS       floor_p44_2026_27  -1.800000000000e+00
    RHS       floor_p44_2027_28  -1.800000000000e+00
    RHS       floor_p44_2028_29  -1.800000000000e+00
    RHS       floor_p45_2025_26  -1.900000000000e+00
    RHS       floor_p45_2026_27  -1.900000000000e+00
    RHS       floor_p45_2027_28  -1.900000000000e+00
    RHS       floor_p45_2028_29  -1.900000000000e+00
    RHS       floor_p46_2024_25   0.000000000000e+00
    RHS       floor_p46_2025_26  -1.600000000000e+00
    RHS       floor_p46_2026_27  -1.600000000000e+00
    RHS       floor_p46_2027_28  -1.600000000000e+00
    RHS       floor_p46_2028_29  -1.600000000000e+00
    RHS       floor_p47_2025_26  -9.000000000000e-01
    RHS       floor_p47_2026_27  -9.000000000000e-01
    RHS       floor_p47_2027_28  -9.000000000000e-01
    RHS       floor_p47_2028_29  -9.000000000000e-01
    RHS       floor_p48_2025_26  -2.500000000000e+00
    RHS       floor_p48_2026_27  -2.500000000000e+00
    RHS       floor_p48_2027_28  -2.500000000000e+00
    RHS       floor_p48_2028_29  -2.500000000000e+00
    RHS       floor_p49_2024_25   0.000000000000e+00
    RHS       floor_p49_2025_26  -1.700000000000e+00
    RHS       floor_p49_2026_27  -1.700000000000e+00
    RHS       floor_p49_2027_28  -1.700000000000e+00
    RHS       floor_p49_2028_29  -1.700000000000e+00
    RHS       dominance_p1_over_p14   0.000000000000e+00
    RHS       dominance_p1_over_p22   0.000000000000e+00
    RHS       dominance_p1_over_p28   0.000000000000e+00
    RHS       dominance_p1_over_p42   0.000000000000e+00
    RHS       dominance_p1_over_p45   0.000000000000e+00
    RHS       dominance_p1_over_p46   0.000000000000e+00
    RHS       dominance_p1_over_p49   0.000000000000e+00
    RHS       dominance_p2_over_p8   0.000000000000e+00
    RHS       dominance_p2_over_p11   0.000000000000e+00
    RHS       dominance_p2_over_p14   0.000000000000e+00
    RHS       dominance_p2_over_p26   0.000000000000e+00
    RHS       dominance_p2_over_p29   0.000000000000e+00
    RHS       dominance_p2_over_p31   0.000000000000e+00
    RHS       dominance_p2_over_p43   0.000000000000e+00
    RHS       dominance_p2_over_p49   0.000000000000e+00
    RHS       dominance_p6_over_p11   0.000000000000e+00
    RHS       dominance_p6_over_p14   0.000000000000e+00
    RHS       dominance_p6_over_p18   0.000000000000e+00
    RHS       dominance_p6_over_p29   0.000000000000e+00
    RHS       dominance_p6_over_p36   0.000000000000e+00
    RHS       dominance_p6_over_p44   0.000000000000e+00
    RHS       dominance_p6_over_p46   0.000000000000e+00
    RHS       dominance_p9_over_p44   0.000000000000e+00
    RHS       dominance_p13_over_p4   0.000000000000e+00
    RHS       dominance_p13_over_p7   0.000000000000e+00
    RHS       dominance_p13_over_p18   0.000000000000e+00
    RHS       dominance_p13_over_p22   0.000000000000e+00
    RHS       dominance_p13_over_p31   0.000000000000e+00
    RHS       dominance_p13_over_p34   0.000000000000e+00
    RHS       dominance_p13_over_p46   0.000000000000e+00
    RHS       dominance_p16_over_p14   0.000000000000e+00
    RHS       dominance_p16_over_p43   0.000000000000e+00
    RHS       dominance_p17_over_p8   0.000000000000e+00
    RHS       dominance_p17_over_p49   0.000000000000e+00
    RHS       dominance_p19_over_p18   0.000000000000e+00
    RHS       dominance_p19_over_p36   0.000000000000e+00
    RHS       dominance_p23_over_p10   0.000000000000e+00
    RHS       dominance_p27_over_p8   0.000000000000e+00
    RHS       dominance_p27_over_p43   0.000000000000e+00
    RHS       dominance_p28_over_p8   0.000000000000e+00
    RHS       dominance_p28_over_p10   0.000000000000e+00
    RHS       dominance_p28_over_p18   0.000000000000e+00
    RHS       dominance_p28_over_p33   0.000000000000e+00
    RHS       dominance_p28_over_p43   0.000000000000e+00
    RHS       dominance_p30_over_p22   0.000000000000e+00
    RHS       dominance_p30_over_p34   0.000000000000e+00
    RHS       dominance_p30_over_p46   0.000000000000e+00
    RHS       dominance_p33_over_p20   0.000000000000e+00
    RHS       dominance_p35_over_p14   0.000000000000e+00
    RHS       dominance_p35_over_p43   0.000000000000e+00
    RHS       dominance_p36_over_p20   0.000000000000e+00
    RHS       dominance_p36_over_p43   0.000000000000e+00
    RHS       dominance_p39_over_p10   0.000000000000e+00
    RHS       dominance_p39_over_p33   0.000000000000e+00
    RHS       dominance_p45_over_p8   0.000000000000e+00
    RHS       dominance_p45_over_p20   0.000000000000e+00
    RHS       dominance_p47_over_p18   0.000000000000e+00
    RHS       dominance_p47_over_p34   0.000000000000e+00
    RHS       quantile_common_2024_25  -1.196310649125e+00
    RHS       star_common_2024_25  -1.196310649125e+00
    RHS       quantile_common_2025_26   2.679483097618e+01
    RHS       star_common_2025_26   2.679483097618e+01
    RHS       quantile_common_2026_27   6.976111964406e+01
    RHS       star_common_2026_27   6.976111964406e+01
    RHS       quantile_common_2027_28   1.285517628196e+02
    RHS       star_common_2027_28   1.285517628196e+02
    RHS       quantile_common_2028_29   2.080883706287e+02
    RHS       star_common_2028_29   2.080883706287e+02
    RHS       chance_share   4.500000000000e+01
BOUNDS
 FR BND       common_to_every_path_2024_25
 FR BND       common_to_every_path_2025_26
 FR BND       common_to_every_path_2026_27
 FR BND       common_to_every_path_2027_28
 FR BND       common_to_every_path_2028_29
 BV BND       ct_council_tax_asc_precept_2025_26
 BV BND       ct_council_tax_asc_precept_2026_27
 BV BND       ct_council_tax_asc_precept_2027_28
 BV BND       ct_council_tax_asc_precept_2028_29
 BV BND       ct_council_tax_core_2025_26
 BV BND       ct_council_tax_core_2026_27
 BV BND       ct_council_tax_core_2027_28
 BV BND       ct_council_tax_core_2028_29
 BV BND       ok_p0   
 BV BND       ok_p1   
 BV BND       ok_p10  
 BV BND       ok_p11  
 BV BND       ok_p12  
 BV BND       ok_p13  
 BV BND       ok_p14  
 BV BND       ok_p15  
 BV BND       ok_p16  
 BV BND       ok_p17  
 BV BND       ok_p18  
 BV BND       ok_p19  
 BV BND       ok_p2   
 BV BND       ok_p20  
 BV BND       ok_p21  
 BV BND       ok_p22  
 BV BND       ok_p23  
 BV BND       ok_p24  
 BV BND       ok_p25  
 BV BND       ok_p26  
 BV BND       ok_p27  
 BV BND       ok_p28  
 BV BND       ok_p29  
 BV BND       ok_p3   
 BV BND       ok_p30  
 BV BND       ok_p31  
 BV BND       ok_p32  
 BV BND       ok_p33  
 BV BND       ok_p34  
 BV BND       ok_p35  
 BV BND       ok_p36  
 BV BND       ok_p37  
 BV BND       ok_p38  
 BV BND       ok_p39  
 BV BND       ok_p4   
 BV BND       ok_p40  
 BV BND       ok_p41  
 BV BND       ok_p42  
 BV BND       ok_p43  
 BV BND       ok_p44  
 BV BND       ok_p45  
 BV BND       ok_p46  
 BV BND       ok_p47  
 BV BND       ok_p48  
 BV BND       ok_p49  
 BV BND       ok_p5   
 BV BND       ok_p6   
 BV BND       ok_p7   
 BV BND       ok_p8   
 BV BND       ok_p9   
 BV BND       take_asc_transformation_moderate
 BV BND       take_asc_transformation_stretch
 BV BND       take_contract_management
 BV BND       take_csc_agency_reduction
 BV BND       take_csc_fostering_sufficiency
 BV BND       take_csc_residential_step_down
 BV BND       take_earmarked_reserves_draw
 BV BND       take_htst_independent_travel_training
 BV BND       take_htst_route_optimisation
 BV BND       take_in_year_remedial_2024_25
 BV BND       take_non_statutory_service_reductions
 BV BND       take_send_in_borough_places
ENDATA
